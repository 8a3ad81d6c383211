package dev.l2l.training;


/**
 * Log-spaced learning rates: {@code pointsPerDecade} points per factor of ten from {@code min} to
 * {@code max}, both included. Default: 4 per decade over [1e-4, 10] (21 rates).
 */
public record LearningRateGrid(double min, double max, int pointsPerDecade) {
  public LearningRateGrid {
    if (!(min > 0) || !(max >= min) || Double.isInfinite(max)) {
      throw new IllegalArgumentException(
          "the learning-rate grid needs 0 < min <= max < infinity, got [" + min + ", " + max + "]");
    }
    if (pointsPerDecade <= 0) {
      throw new IllegalArgumentException(
          "the learning-rate grid is empty: pointsPerDecade must be positive, got " + pointsPerDecade);
    }
  }

  public static LearningRateGrid defaults() {
    return new LearningRateGrid(1e-4, 10, 4);
  }

  /** The rates, ascending. */
  public double[] rates() {
    double decades = Math.log10(max / min);
    int intervals = (int) Math.round(decades * pointsPerDecade);
    if (intervals == 0) {
      return new double[] {min};
    }
    double[] r = new double[intervals + 1];
    for (int i = 0; i <= intervals; i++) {
      r[i] = min * Math.pow(max / min, (double) i / intervals);
    }
    return r;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%s to %s, %d per decade (%d rates)",
        SummaryTable.fmt(min), SummaryTable.fmt(max), pointsPerDecade, rates().length);
  }
}
