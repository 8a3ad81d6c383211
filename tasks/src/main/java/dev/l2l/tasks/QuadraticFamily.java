package dev.l2l.tasks;

import dev.l2l.core.Feeds;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;

/**
 * The paper's quadratic problems: batches of B problems
 *
 * <pre>
 *   f(θ) = (1/B) Σ_b ||W_b θ_b − y_b||²      W_b ∈ R^{n×n}, y_b, θ_b ∈ R^n
 * </pre>
 *
 * with W, y, θ₀ drawn from {@link QuadraticConfig.Distribution} (default N(0, 1)), n = 10, B = 128.
 * The gradient the optimizers see is TensorFlow's symbolic gradient of this batch mean, so it carries
 * the 1/B factor (tuned learning rates reflect it).
 */
public final class QuadraticFamily implements TaskFamily<QuadraticBatch> {
  private final QuadraticConfig config;

  public QuadraticFamily(QuadraticConfig config) {
    this.config = config;
  }

  public static QuadraticFamily defaults() {
    return new QuadraticFamily(QuadraticConfig.defaults());
  }

  public QuadraticConfig config() {
    return config;
  }

  @Override
  public String name() {
    return "quadratic";
  }

  @Override
  public Shape parameterShape() {
    return Shape.of(config.batchSize(), config.dimension());
  }

  @Override
  public QuadraticBatch sample(long seed) {
    int b = config.batchSize();
    int n = config.dimension();
    SplittableRandom random = new SplittableRandom(seed);
    float[] w = new float[b * n * n];
    float[] y = new float[b * n];
    float[] theta = new float[b * n];
    switch (config.distribution()) {
      case GAUSSIAN -> {
        fillGaussian(random, w, 1.0);
        fillGaussian(random, y, 1.0);
        fillGaussian(random, theta, 1.0);
      }
      case DEEPMIND -> {
        fillUniform(random, w);
        fillUniform(random, y);
        fillGaussian(random, theta, 0.01);
      }
    }
    return new QuadraticBatch(b, n, w, y, theta);
  }

  private static void fillGaussian(SplittableRandom random, float[] a, double std) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (std * random.nextGaussian());
    }
  }

  private static void fillUniform(SplittableRandom random, float[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) random.nextDouble();
    }
  }

  @Override
  public TaskGraph<QuadraticBatch> build(Ops tf) {
    int b = config.batchSize();
    int n = config.dimension();
    Shape wShape = Shape.of(b, n, n);
    Shape yShape = Shape.of(b, n);
    Ops scope = tf.withSubScope("quadratic");
    Placeholder<TFloat32> w =
        scope.withName("w").placeholder(TFloat32.class, Placeholder.shape(wShape));
    Placeholder<TFloat32> y =
        scope.withName("y").placeholder(TFloat32.class, Placeholder.shape(yShape));
    Operand<TFloat32> inverseBatch = scope.constant(1.0f / b);
    return new TaskGraph<>() {
      @Override
      public Operand<TFloat32> loss(Operand<TFloat32> theta, int step) {
        Operand<TFloat32> column = tf.expandDims(theta, tf.constant(-1));
        Operand<TFloat32> product = tf.train.batchMatMul(w, column, TFloat32.class);
        Operand<TFloat32> prediction = tf.squeeze(product, Squeeze.axis(List.of(-1L)));
        Operand<TFloat32> squares = tf.math.squaredDifference(prediction, y);
        Operand<TFloat32> total = tf.sum(squares, tf.constant(new int[] {0, 1}));
        return tf.math.mul(total, inverseBatch);
      }

      @Override
      public void feed(Feeds feeds, QuadraticBatch batch, int firstStep) {
        feeds.add(w, wShape, batch.w());
        feeds.add(y, yShape, batch.y());
      }
    };
  }
}
