package dev.l2l.training;

import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.Adam;
import dev.l2l.optimizers.HandCraftedOptimizer;
import dev.l2l.optimizers.Momentum;
import dev.l2l.optimizers.Nag;
import dev.l2l.optimizers.RmsProp;
import dev.l2l.optimizers.Sgd;
import dev.l2l.tasks.ProblemBatch;
import dev.l2l.tasks.TaskFamily;
import java.util.ArrayList;
import java.util.List;

/** The hand-crafted baselines, tuned by learning-rate search and evaluated on held-out problems. */
public final class Baselines {
  private Baselines() {}

  /** The paper's four baselines (Figure 2): SGD, RMSprop, NAG, Adam. */
  public static List<HandCraftedOptimizer> paper() {
    return List.of(new Sgd(1), new RmsProp(1), new Nag(1), new Adam(1));
  }

  /** All five hand-crafted optimizers: SGD, momentum, NAG, RMSprop, Adam. */
  public static List<HandCraftedOptimizer> all() {
    return List.of(new Sgd(1), new Momentum(1), new Nag(1), new RmsProp(1), new Adam(1));
  }

  /**
   * A tuned and evaluated baseline.
   *
   * @param search the learning-rate search (its {@code best()} is the tuned optimizer)
   * @param curve its evaluation on the held-out problems
   */
  public record Tuned(LearningRateSearch.Result search, Curve curve) {
    public HandCraftedOptimizer optimizer() {
      return search.best();
    }
  }

  /** Tunes each prototype's learning rate on {@code tuning}, then evaluates it on {@code evaluation}. */
  public static <B extends ProblemBatch> List<Tuned> tuneAndEvaluate(
      TaskFamily<B> family,
      List<HandCraftedOptimizer> prototypes,
      LearningRateGrid grid,
      ProblemSet tuning,
      ProblemSet evaluation,
      int steps,
      SessionConfig config) {
    List<Tuned> out = new ArrayList<>();
    for (HandCraftedOptimizer prototype : prototypes) {
      LearningRateSearch.Result search = LearningRateSearch.run(family, prototype, grid, tuning, steps, config);
      Curve curve = Evaluation.run(family, OptimizerFactory.of(search.best()), evaluation, steps, config);
      out.add(new Tuned(search, curve));
    }
    return out;
  }
}
