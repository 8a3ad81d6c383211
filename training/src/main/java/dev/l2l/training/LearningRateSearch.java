package dev.l2l.training;

import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.HandCraftedOptimizer;
import dev.l2l.tasks.ProblemBatch;
import dev.l2l.tasks.TaskFamily;

/**
 * Picks a hand-crafted optimizer's learning rate: every rate of a {@link LearningRateGrid} is run on
 * tuning problems (kept apart from the evaluation problems) and the one with the lowest mean final loss
 * wins. A rate whose loss is not finite loses.
 */
public final class LearningRateSearch {
  /** The default tuning problems: 2 batches of the stream {@code tuning}, base seed 7. */
  public static ProblemSet tuningProblems() {
    return new ProblemSet("tuning", 7, 2);
  }

  private LearningRateSearch() {}

  /**
   * The outcome of a search.
   *
   * @param best the optimizer at the chosen rate
   * @param rates the rates tried
   * @param finalLosses mean final loss at each rate (infinite where it diverged)
   */
  public record Result(HandCraftedOptimizer best, double[] rates, double[] finalLosses) {}

  public static <B extends ProblemBatch> Result run(
      TaskFamily<B> family,
      HandCraftedOptimizer prototype,
      LearningRateGrid grid,
      ProblemSet tuning,
      int steps,
      SessionConfig config) {
    double[] rates = grid.rates();
    double[] finals = new double[rates.length];
    int best = -1;
    for (int i = 0; i < rates.length; i++) {
      HandCraftedOptimizer candidate = prototype.withLearningRate(rates[i]);
      Curve curve = Evaluation.run(family, OptimizerFactory.of(candidate), tuning, steps, config);
      double loss = curve.finalMean();
      finals[i] = Double.isFinite(loss) ? loss : Double.POSITIVE_INFINITY;
      if (finals[i] < Double.POSITIVE_INFINITY && (best < 0 || finals[i] < finals[best])) {
        best = i;
      }
    }
    if (best < 0) {
      throw new IllegalStateException(
          prototype.name() + " diverged at every learning rate of " + grid + "; widen the grid towards smaller rates");
    }
    return new Result(prototype.withLearningRate(rates[best]), rates, finals);
  }
}
