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

  public ReproductionConfig withSteps(int n) {
    return new ReproductionConfig(task, training, seeds, grid, tuning, evaluation, n, session);
  }

  public ReproductionConfig withSession(SessionConfig s) {
    return new ReproductionConfig(task, training, seeds, grid, tuning, evaluation, steps, s);
  }

  /** Every setting as ordered {@code key -> value} pairs (stored in the run folder and in checkpoints). */
  public java.util.Map<String, String> properties() {
    MetaTrainingConfig t = training;
    java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("task", "quadratic");
    p.put("task.dimension", Integer.toString(task.dimension()));
    p.put("task.batchSize", Integer.toString(task.batchSize()));
    p.put("task.distribution", task.distribution().name());
    p.putAll(t.settings());
    p.put("training.seeds", Integer.toString(seeds));
    p.put("baselines.grid", grid.toString());
    p.put("baselines.tuning", tuning.toString());
    p.put("evaluation", evaluation.toString());
    p.put("evaluation.steps", Integer.toString(steps));
    p.put("session", session.toString());
    return p;
  }

  /**
   * The settings read back from {@link #properties()} (as stored in a training state): the task, the LSTM,
   * the meta-training schedule and the evaluation length; the baselines' grid, the problem sets and the
   * session are the defaults.
   *
   * @throws IllegalArgumentException naming the key that is missing or invalid
   */
  public static ReproductionConfig fromProperties(java.util.Map<String, String> p) {
    java.util.function.Function<String, String> get = key -> {
      String v = p.get(key);
      if (v == null) {
        throw new IllegalArgumentException("the stored settings lack " + key);
      }
      return v;
    };
    try {
      QuadraticConfig task = new QuadraticConfig(
          Integer.parseInt(get.apply("task.dimension")), Integer.parseInt(get.apply("task.batchSize")),
          QuadraticConfig.Distribution.valueOf(get.apply("task.distribution")));
      dev.l2l.optimizers.learned.LstmConfig lstm = new dev.l2l.optimizers.learned.LstmConfig(
          Integer.parseInt(get.apply("lstm.layers")), Integer.parseInt(get.apply("lstm.hiddenUnits")),
          dev.l2l.optimizers.learned.Preprocessing.valueOf(get.apply("lstm.preprocessing")),
          Double.parseDouble(get.apply("lstm.outputScale")), Boolean.parseBoolean(get.apply("lstm.secondOrder")));
      MetaTrainingConfig training = new MetaTrainingConfig(
          lstm, Integer.parseInt(get.apply("training.outerSteps")), Integer.parseInt(get.apply("training.unrollSteps")),
          Integer.parseInt(get.apply("training.unrollsPerProblem")),
          Double.parseDouble(get.apply("training.metaLearningRate")), MetaLoss.valueOf(get.apply("training.metaLoss")),
          Long.parseLong(get.apply("training.firstSeed")), Integer.parseInt(get.apply("training.validateEvery")),
          Integer.parseInt(get.apply("training.validationBatches")), Double.parseDouble(get.apply("training.clipNorm")));
      return defaults().withTask(task).withTraining(training)
          .withSeeds(Integer.parseInt(get.apply("training.seeds")))
          .withSteps(Integer.parseInt(get.apply("evaluation.steps")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a stored setting is not a number: " + e.getMessage(), e);
    }
  }

  /** Every setting, one per line ({@code key = value}), for the run folder. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    properties().forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
    return sb.toString();
  }
}
