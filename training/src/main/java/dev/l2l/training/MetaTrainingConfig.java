package dev.l2l.training;

import dev.l2l.optimizers.learned.LstmConfig;

/**
 * The meta-training schedule: truncated backpropagation through time (spec section 5).
 *
 * @param lstm the learned optimizer's architecture; default {@link LstmConfig#defaults()}
 * @param outerSteps problems (fresh batches, zero LSTM state) to train on; default 1000
 * @param unrollSteps inner steps per unroll, unrolled in the graph; default 20
 * @param unrollsPerProblem unrolls per problem, each followed by one meta-update; default 5
 * @param metaLearningRate Adam's step size for the LSTM weights; default 0.01
 * @param metaLoss which inner losses are summed; default {@link MetaLoss#AFTER_UPDATE}
 * @param seed base seed of the initial weights and the training problems; default 0
 * @param validateEvery outer steps between validations (and the last one); default 50
 * @param validationBatches problem batches in the validation set; default 2
 * @param clipNorm meta-gradient clipping by global norm; 0 (default) turns it off
 */
public record MetaTrainingConfig(
    LstmConfig lstm,
    int outerSteps,
    int unrollSteps,
    int unrollsPerProblem,
    double metaLearningRate,
    MetaLoss metaLoss,
    long seed,
    int validateEvery,
    int validationBatches,
    double clipNorm) {
  public MetaTrainingConfig {
    if (lstm == null) {
      throw new IllegalArgumentException("lstm configuration must be given");
    }
    positive("outerSteps", outerSteps);
    positive("unrollSteps", unrollSteps);
    positive("unrollsPerProblem", unrollsPerProblem);
    positive("validateEvery", validateEvery);
    positive("validationBatches", validationBatches);
    if (!(metaLearningRate > 0) || Double.isInfinite(metaLearningRate)) {
      throw new IllegalArgumentException("metaLearningRate must be a positive finite number, got " + metaLearningRate);
    }
    if (metaLoss == null) {
      throw new IllegalArgumentException("metaLoss must be AFTER_UPDATE or BEFORE_UPDATE");
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new IllegalArgumentException("clipNorm must be >= 0 (0 = off), got " + clipNorm);
    }
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** The seed's schedule with the settings that beat tuned Adam (spec sections 5 and 8). */
  public static MetaTrainingConfig defaults() {
    return new MetaTrainingConfig(LstmConfig.defaults(), 1000, 20, 5, 0.01, MetaLoss.AFTER_UPDATE, 0, 50, 2, 0);
  }

  /** Inner steps per problem: unrollSteps × unrollsPerProblem (100 by default). */
  public int stepsPerProblem() {
    return unrollSteps * unrollsPerProblem;
  }

  public MetaTrainingConfig withOuterSteps(int n) {
    return new MetaTrainingConfig(lstm, n, unrollSteps, unrollsPerProblem, metaLearningRate, metaLoss, seed, validateEvery, validationBatches, clipNorm);
  }

  public MetaTrainingConfig withSeed(long s) {
    return new MetaTrainingConfig(lstm, outerSteps, unrollSteps, unrollsPerProblem, metaLearningRate, metaLoss, s, validateEvery, validationBatches, clipNorm);
  }

  public MetaTrainingConfig withLstm(LstmConfig l) {
    return new MetaTrainingConfig(l, outerSteps, unrollSteps, unrollsPerProblem, metaLearningRate, metaLoss, seed, validateEvery, validationBatches, clipNorm);
  }

  public MetaTrainingConfig withUnroll(int steps, int unrolls) {
    return new MetaTrainingConfig(lstm, outerSteps, steps, unrolls, metaLearningRate, metaLoss, seed, validateEvery, validationBatches, clipNorm);
  }

  public MetaTrainingConfig withMetaLearningRate(double lr) {
    return new MetaTrainingConfig(lstm, outerSteps, unrollSteps, unrollsPerProblem, lr, metaLoss, seed, validateEvery, validationBatches, clipNorm);
  }

  public MetaTrainingConfig withMetaLoss(MetaLoss m) {
    return new MetaTrainingConfig(lstm, outerSteps, unrollSteps, unrollsPerProblem, metaLearningRate, m, seed, validateEvery, validationBatches, clipNorm);
  }

  public MetaTrainingConfig withValidation(int every, int batches) {
    return new MetaTrainingConfig(lstm, outerSteps, unrollSteps, unrollsPerProblem, metaLearningRate, metaLoss, seed, every, batches, clipNorm);
  }

  public MetaTrainingConfig withClipNorm(double c) {
    return new MetaTrainingConfig(lstm, outerSteps, unrollSteps, unrollsPerProblem, metaLearningRate, metaLoss, seed, validateEvery, validationBatches, c);
  }

  /**
   * Every setting as {@code lstm.*} and {@code training.*} entries, in a fixed order, for a run's
   * {@code config.txt} and a checkpoint's provenance.
   */
  public java.util.Map<String, String> settings() {
    java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("lstm.layers", Integer.toString(lstm.layers()));
    p.put("lstm.hiddenUnits", Integer.toString(lstm.hiddenUnits()));
    p.put("lstm.preprocessing", lstm.preprocessing().name());
    p.put("lstm.outputScale", Double.toString(lstm.outputScale()));
    p.put("lstm.secondOrder", Boolean.toString(lstm.secondOrder()));
    p.put("training.outerSteps", Integer.toString(outerSteps));
    p.put("training.unrollSteps", Integer.toString(unrollSteps));
    p.put("training.unrollsPerProblem", Integer.toString(unrollsPerProblem));
    p.put("training.metaLearningRate", Double.toString(metaLearningRate));
    p.put("training.metaLoss", metaLoss.name());
    p.put("training.firstSeed", Long.toString(seed));
    p.put("training.validateEvery", Integer.toString(validateEvery));
    p.put("training.validationBatches", Integer.toString(validationBatches));
    p.put("training.clipNorm", Double.toString(clipNorm));
    return p;
  }
}
