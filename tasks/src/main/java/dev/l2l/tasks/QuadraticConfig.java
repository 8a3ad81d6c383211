package dev.l2l.tasks;

/**
 * The quadratic family's settings.
 *
 * @param dimension n, the size of θ and y (W is n×n); default 10
 * @param batchSize B, problems per batch; default 128
 * @param distribution how W, y and θ₀ are drawn; default {@link Distribution#GAUSSIAN}
 */
public record QuadraticConfig(int dimension, int batchSize, Distribution distribution) {
  /** How a quadratic problem is drawn. */
  public enum Distribution {
    /** W, y, θ₀ elements IID N(0, 1): the paper and the seed. */
    GAUSSIAN,
    /** W, y elements U[0, 1), θ₀ elements N(0, 0.01²): DeepMind's code. */
    DEEPMIND
  }

  public QuadraticConfig {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    if (distribution == null) {
      throw new IllegalArgumentException("distribution must be given (GAUSSIAN or DEEPMIND)");
    }
  }

  /** The paper's settings: dimension 10, 128 problems per batch, N(0, 1). */
  public static QuadraticConfig defaults() {
    return new QuadraticConfig(10, 128, Distribution.GAUSSIAN);
  }

  public QuadraticConfig withBatchSize(int b) {
    return new QuadraticConfig(dimension, b, distribution);
  }

  public QuadraticConfig withDimension(int n) {
    return new QuadraticConfig(n, batchSize, distribution);
  }

  public QuadraticConfig withDistribution(Distribution d) {
    return new QuadraticConfig(dimension, batchSize, d);
  }
}
