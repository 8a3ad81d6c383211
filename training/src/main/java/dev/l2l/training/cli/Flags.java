package dev.l2l.training.cli;

/** Checks of option values, with messages that name the option. */
final class Flags {
  private Flags() {}

  static int positive(String flag, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(flag + " must be a positive whole number, got " + value);
    }
    return value;
  }

  static int positiveAtMost(String flag, int value, int max) {
    if (value <= 0 || value > max) {
      throw new IllegalArgumentException(flag + " must be a whole number from 1 to " + max + ", got " + value);
    }
    return value;
  }

  static double positiveFinite(String flag, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(flag + " must be a positive finite number, got " + value);
    }
    return value;
  }

  /** A value of {@code --clip-norm}: 0 (off) or a positive finite number. */
  static double clipNorm(double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("--clip-norm must be 0 (off) or a positive number, got " + value);
    }
    return value;
  }
}
