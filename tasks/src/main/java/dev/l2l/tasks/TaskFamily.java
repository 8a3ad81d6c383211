package dev.l2l.tasks;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

/**
 * A distribution over optimization problems, sampled one batch at a time from an explicit seed.
 *
 * @param <B> the type of a sampled batch
 */
public interface TaskFamily<B extends ProblemBatch> {
  /** A short name, e.g. {@code quadratic}. */
  String name();

  /** The shape of the parameters θ of one batch, e.g. {@code [128, 10]}. */
  Shape parameterShape();

  /** A batch of problems; the same seed gives the same batch. */
  B sample(long seed);

  /** Adds this family's loss to the graph of {@code tf}. */
  TaskGraph<B> build(Ops tf);
}
