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

  /**
   * The most matrix entries a batch may hold, batch size × dimension²: 2^28, i.e. 1 GiB of float32 for W
   * (held once in Java and once as a tensor), far below a Java array's limit of about 2^31.
   */
  public static final long MAX_MATRIX_ENTRIES = 1L << 28;

  public QuadraticConfig {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    if (matrixEntries(batchSize, dimension) > MAX_MATRIX_ENTRIES) {
      throw new IllegalArgumentException("batchSize × dimension² must be at most " + MAX_MATRIX_ENTRIES
          + " (W in float32, 1 GiB), got " + describeEntries(batchSize, dimension));
    }
    if (distribution == null) {
      throw new IllegalArgumentException("distribution must be given (GAUSSIAN or DEEPMIND)");
    }
  }

  /**
   * batchSize × dimension², the entries of W in a batch, in long arithmetic; {@code Long.MAX_VALUE} when
   * even that overflows.
   */
  public static long matrixEntries(int batchSize, int dimension) {
    try {
      return Math.multiplyExact((long) dimension * dimension, (long) batchSize);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** "B × n² = entries", for messages. */
  public static String describeEntries(int batchSize, int dimension) {
    long entries = matrixEntries(batchSize, dimension);
    return batchSize + " × " + dimension + "² = " + (entries == Long.MAX_VALUE ? "more than 2^63" : Long.toString(entries));
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
