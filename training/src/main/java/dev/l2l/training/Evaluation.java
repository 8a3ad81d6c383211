package dev.l2l.training;

import dev.l2l.core.Feeds;
import dev.l2l.core.SessionConfig;
import dev.l2l.tasks.ProblemBatch;
import dev.l2l.tasks.TaskFamily;

/**
 * Runs an optimizer from θ₀ on every batch of a {@link ProblemSet} (state reset for each batch) and
 * summarises the loss per step across batches.
 */
public final class Evaluation {
  /** The paper's held-out set: 10 batches, stream {@code evaluation}, base seed 2016. */
  public static ProblemSet heldOut() {
    return new ProblemSet("evaluation", 2016, 10);
  }

  private Evaluation() {}

  /** Evaluates {@code optimizer} for {@code steps} steps on {@code problems}. */
  public static <B extends ProblemBatch> Curve run(
      TaskFamily<B> family, OptimizerFactory optimizer, ProblemSet problems, int steps, SessionConfig config) {
    try (InnerLoop<B> loop = new InnerLoop<>(family, optimizer, InnerLoop.DEFAULT_UNROLL, config)) {
      return run(family, loop, problems, steps);
    }
  }

  /** Evaluates the optimizer of an existing inner loop. */
  public static <B extends ProblemBatch> Curve run(
      TaskFamily<B> family, InnerLoop<B> loop, ProblemSet problems, int steps) {
    try (Feeds none = new Feeds()) {
      return run(family, loop, problems, steps, none);
    }
  }

  /** Evaluates the optimizer of an existing inner loop, adding {@code feeds} (the optimizer's inputs) to every call. */
  public static <B extends ProblemBatch> Curve run(
      TaskFamily<B> family, InnerLoop<B> loop, ProblemSet problems, int steps, Feeds feeds) {
    if (steps <= 0) {
      throw new IllegalArgumentException("steps must be positive, got " + steps);
    }
    double[][] perBatch = new double[problems.batches()][];
    for (int i = 0; i < problems.batches(); i++) {
      perBatch[i] = loop.run(family.sample(problems.batchSeed(i)), steps, feeds);
    }
    return Curve.of(loop.optimizerName(), perBatch);
  }
}
