package dev.l2l.optimizers;

/** A hand-crafted optimizer whose learning rate can be tuned by search. */
public interface HandCraftedOptimizer extends Optimizer {
  /** The step size α. */
  double learningRate();

  /** The same optimizer with step size {@code learningRate}. */
  HandCraftedOptimizer withLearningRate(double learningRate);

  /** Checks a hyper-parameter and names it in the error. */
  static double positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a positive finite number, got " + value);
    }
    return value;
  }

  /** Checks a decay or momentum constant in [0, 1). */
  static double unitInterval(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }
    return value;
  }
}
