package dev.l2l.tasks;

import dev.l2l.core.Feeds;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A task family's loss, added to one graph. It holds placeholders for the problem data, fed from a
 * {@link ProblemBatch} before each session call, and owns no native handle.
 *
 * @param <B> the family's batch type
 */
public interface TaskGraph<B extends ProblemBatch> {
  /**
   * Adds ops computing the scalar loss f(θ) of the whole batch (the mean over its problems).
   *
   * @param theta parameters of the family's {@link TaskFamily#parameterShape()}
   * @param step the index of the inner step inside the graph (tasks that draw fresh data per step,
   *     such as minibatches, use it; the quadratic ignores it)
   */
  Operand<TFloat32> loss(Operand<TFloat32> theta, int step);

  /**
   * Adds the data of {@code batch} for the steps {@code firstStep ..} of one session call to
   * {@code feeds}.
   */
  void feed(Feeds feeds, B batch, int firstStep);
}
