package dev.l2l.training;

import dev.l2l.core.SessionConfig;
import dev.l2l.tasks.QuadraticConfig;

/**
 * Everything the quadratic reproduction does, with the paper's numbers as defaults.
 *
 * @param task the quadratic family (n = 10, 128 problems per batch, N(0, 1))
 * @param training the meta-training schedule ({@link MetaTrainingConfig#defaults()}); its seed is the
 *     first meta-training seed
 * @param seeds how many meta-training seeds (seed, seed + 1, ...); default 1 (use 3 or more to report
 *     the spread over seeds)
 * @param grid the baselines' learning-rate grid (4 per decade over [1e-4, 10])
 * @param tuning the problems the learning rates are tuned on (2 batches, stream "tuning")
 * @param evaluation the held-out problems (10 batches, stream "evaluation", seed 2016)
 * @param steps inner steps of every evaluation (100)
 * @param session how graphs run
 */
public record ReproductionConfig(
    QuadraticConfig task,
    MetaTrainingConfig training,
    int seeds,
    LearningRateGrid grid,
    ProblemSet tuning,
    ProblemSet evaluation,
    int steps,
    SessionConfig session) {
  public ReproductionConfig {
    if (seeds <= 0) {
      throw new IllegalArgumentException("seeds must be positive, got " + seeds);
    }
    if (steps <= 0) {
      throw new IllegalArgumentException("steps must be positive, got " + steps);
    }
  }

  /** The paper's quadratic experiment, one meta-training seed. */
  public static ReproductionConfig defaults() {
    return new ReproductionConfig(
        QuadraticConfig.defaults(), MetaTrainingConfig.defaults(), 1, LearningRateGrid.defaults(),
        LearningRateSearch.tuningProblems(), Evaluation.heldOut(), 100, SessionConfig.defaults());
  }

  /**
   * A small, fast version for notebooks, examples and CI (about half a minute): 32 problems per batch,
   * 60 outer steps, a grid of 2 points per decade, 2 evaluation batches. Its numbers are not the paper's.
   */
  public static ReproductionConfig smoke() {
    return new ReproductionConfig(
        QuadraticConfig.defaults().withBatchSize(32),
        MetaTrainingConfig.defaults().withOuterSteps(60).withValidation(20, 1),
        1,
        new LearningRateGrid(1e-3, 10, 2),
        new ProblemSet("tuning", 7, 1),
        new ProblemSet("evaluation", 2016, 2),
        100,
        SessionConfig.defaults());
  }

  public ReproductionConfig withTraining(MetaTrainingConfig t) {
    return new ReproductionConfig(task, t, seeds, grid, tuning, evaluation, steps, session);
  }

  public ReproductionConfig withSeeds(int n) {
    return new ReproductionConfig(task, training, n, grid, tuning, evaluation, steps, session);
  }

  public ReproductionConfig withTask(QuadraticConfig q) {
    return new ReproductionConfig(q, training, seeds, grid, tuning, evaluation, steps, session);
  }

  public ReproductionConfig withGrid(LearningRateGrid g) {
    return new ReproductionConfig(task, training, seeds, g, tuning, evaluation, steps, session);
  }

  public ReproductionConfig withEvaluation(ProblemSet e) {
    return new ReproductionConfig(task, training, seeds, grid, tuning, e, steps, session);
  }

  public ReproductionConfig withSession(SessionConfig s) {
    return new ReproductionConfig(task, training, seeds, grid, tuning, evaluation, steps, s);
  }

  /** Every setting, one per line ({@code key = value}), for the run folder. */
  public String describe() {
    MetaTrainingConfig t = training;
    return String.join(
            "\n",
            "task = quadratic",
            "task.dimension = " + task.dimension(),
            "task.batchSize = " + task.batchSize(),
            "task.distribution = " + task.distribution(),
            "lstm.layers = " + t.lstm().layers(),
            "lstm.hiddenUnits = " + t.lstm().hiddenUnits(),
            "lstm.preprocessing = " + t.lstm().preprocessing(),
            "lstm.outputScale = " + t.lstm().outputScale(),
            "lstm.secondOrder = " + t.lstm().secondOrder(),
            "training.outerSteps = " + t.outerSteps(),
            "training.unrollSteps = " + t.unrollSteps(),
            "training.unrollsPerProblem = " + t.unrollsPerProblem(),
            "training.metaLearningRate = " + t.metaLearningRate(),
            "training.metaLoss = " + t.metaLoss(),
            "training.firstSeed = " + t.seed(),
            "training.seeds = " + seeds,
            "training.validateEvery = " + t.validateEvery(),
            "training.validationBatches = " + t.validationBatches(),
            "training.clipNorm = " + t.clipNorm(),
            "baselines.grid = [" + grid.min() + ", " + grid.max() + "], " + grid.pointsPerDecade() + " per decade",
            "baselines.tuning = " + tuning,
            "evaluation = " + evaluation,
            "evaluation.steps = " + steps,
            "session = " + session)
        + "\n";
  }
}
