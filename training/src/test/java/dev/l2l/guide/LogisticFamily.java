package dev.l2l.guide;

import dev.l2l.core.Feeds;
import dev.l2l.tasks.ProblemBatch;
import dev.l2l.tasks.TaskFamily;
import dev.l2l.tasks.TaskGraph;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;

// [own-task]
/**
 * A task family of one's own (docs/guide.md): B logistic-regression problems, each with its own m points
 * x ∈ Rⁿ and labels s = ±1 (the side of a random hyperplane through 0 the point lies on):
 *
 * <pre>
 *   f(θ) = (1 / (B m)) Σ_b Σ_i log(1 + exp(−s_bi x_bi · θ_b))      θ₀ = 0
 * </pre>
 */
public final class LogisticFamily implements TaskFamily<LogisticFamily.Batch> {
  /** One sampled batch: x is [B, m, n], s is [B, m], θ₀ is [B, n], all row-major. */
  public record Batch(float[] x, float[] s, float[] theta0) implements ProblemBatch {
    @Override
    public float[] initialParameters() {
      return theta0.clone();
    }
  }

  private final int problems;
  private final int points;
  private final int dimension;

  public LogisticFamily(int problems, int points, int dimension) {
    this.problems = problems;
    this.points = points;
    this.dimension = dimension;
  }

  @Override
  public String name() {
    return "logistic";
  }

  @Override
  public Shape parameterShape() {
    return Shape.of(problems, dimension);
  }

  @Override
  public Batch sample(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[problems * points * dimension];
    float[] s = new float[problems * points];
    for (int b = 0; b < problems; b++) {
      double[] normal = new double[dimension]; // the hyperplane that separates the two classes
      for (int j = 0; j < dimension; j++) {
        normal[j] = random.nextGaussian();
      }
      for (int i = 0; i < points; i++) {
        double side = 0;
        for (int j = 0; j < dimension; j++) {
          float v = (float) random.nextGaussian();
          x[(b * points + i) * dimension + j] = v;
          side += v * normal[j];
        }
        s[b * points + i] = side >= 0 ? 1f : -1f;
      }
    }
    return new Batch(x, s, new float[problems * dimension]);
  }

  @Override
  public TaskGraph<Batch> build(Ops tf) {
    Shape xShape = Shape.of(problems, points, dimension);
    Shape sShape = Shape.of(problems, points);
    Ops scope = tf.withSubScope("logistic"); // a unique name scope for this family's placeholders
    Placeholder<TFloat32> x = scope.withName("x").placeholder(TFloat32.class, Placeholder.shape(xShape));
    Placeholder<TFloat32> s = scope.withName("s").placeholder(TFloat32.class, Placeholder.shape(sShape));
    return new TaskGraph<>() {
      @Override
      public Operand<TFloat32> loss(Operand<TFloat32> theta, int step) {
        Operand<TFloat32> column = tf.expandDims(theta, tf.constant(-1)); // [B, n, 1]
        Operand<TFloat32> scores =
            tf.squeeze(tf.train.batchMatMul(x, column, TFloat32.class), Squeeze.axis(List.of(-1L))); // [B, m]
        Operand<TFloat32> losses = tf.math.softplus(tf.math.neg(tf.math.mul(s, scores)));
        return tf.math.mean(losses, tf.constant(new int[] {0, 1}));
      }

      @Override
      public void feed(Feeds feeds, Batch batch, int firstStep) {
        feeds.add(x, xShape, batch.x());
        feeds.add(s, sShape, batch.s());
      }
    };
  }
}
// [own-task-end]
