package dev.l2l.training.cli;

import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.Preprocessing;
import dev.l2l.training.MetaTrainingConfig;
import dev.l2l.training.ReproductionConfig;
import picocli.CommandLine.Option;

/** Options of the meta-training schedule and the LSTM. */
final class TrainingOptions {
  @Option(names = "--seed", paramLabel = "S", description = "First meta-training seed (default 0).")
  Long seed;

  @Option(names = "--seeds", paramLabel = "N", description = "Meta-training seeds S, S+1, ... (default 1; use 3+ to report the spread).")
  Integer seeds;

  @Option(names = "--outer-steps", paramLabel = "N", description = "Outer steps, each a fresh problem batch (default 1000; 60 with --smoke).")
  Integer outerSteps;

  @Option(names = "--unroll", paramLabel = "N", description = "Inner steps per unroll, i.e. truncation length (default 20).")
  Integer unroll;

  @Option(names = "--unrolls", paramLabel = "N", description = "Unrolls per problem batch (default 5).")
  Integer unrolls;

  @Option(names = "--meta-lr", paramLabel = "X", description = "Adam learning rate on the LSTM weights (default 0.01).")
  Double metaLearningRate;

  @Option(names = "--clip-norm", paramLabel = "X", description = "Clip the meta-gradient to this global norm (default 0 = off).")
  Double clipNorm;

  @Option(names = "--validate-every", paramLabel = "N", description = "Outer steps between validations and saved states (default 50; 20 with --smoke).")
  Integer validateEvery;

  @Option(names = "--validation-batches", paramLabel = "N", description = "Validation problem batches (default 2; 1 with --smoke).")
  Integer validationBatches;

  @Option(names = "--hidden", paramLabel = "N", description = "LSTM hidden units per layer (default 20).")
  Integer hidden;

  @Option(names = "--layers", paramLabel = "N", description = "LSTM layers (default 2).")
  Integer layers;

  @Option(names = "--preprocessing", paramLabel = "P", description = "Gradient preprocessing: ${COMPLETION-CANDIDATES} (default CLAMPED_LOG_SIGN).")
  Preprocessing preprocessing;

  @Option(names = "--output-scale", paramLabel = "X", description = "Scale of the LSTM's output (default 0.01, DeepMind's setting; see docs/results.md).")
  Double outputScale;

  @Option(names = "--second-order", description = "True second derivatives through the optimizee's gradient (default: first order, the paper's choice).")
  boolean secondOrder;

  ReproductionConfig apply(ReproductionConfig base) {
    MetaTrainingConfig t = base.training();
    LstmConfig l = t.lstm();
    if (hidden != null) {
      l = l.withHiddenUnits(Flags.positiveAtMost("--hidden", hidden, LstmConfig.MAX_HIDDEN_UNITS));
    }
    if (layers != null) {
      l = l.withLayers(Flags.positive("--layers", layers));
    }
    if (preprocessing != null) {
      l = l.withPreprocessing(preprocessing);
    }
    if (outputScale != null) {
      l = l.withOutputScale(Flags.positiveFinite("--output-scale", outputScale));
    }
    if (secondOrder) {
      l = l.withSecondOrder(true);
    }
    t = t.withLstm(l);
    if (seed != null) {
      t = t.withSeed(seed);
    }
    if (outerSteps != null) {
      t = t.withOuterSteps(Flags.positive("--outer-steps", outerSteps));
    }
    if (unroll != null || unrolls != null) {
      t = t.withUnroll(
          unroll == null ? t.unrollSteps() : Flags.positive("--unroll", unroll),
          unrolls == null ? t.unrollsPerProblem() : Flags.positive("--unrolls", unrolls));
    }
    if (validateEvery != null || validationBatches != null) {
      t = t.withValidation(
          validateEvery == null ? t.validateEvery() : Flags.positive("--validate-every", validateEvery),
          validationBatches == null ? t.validationBatches() : Flags.positive("--validation-batches", validationBatches));
    }
    if (metaLearningRate != null) {
      t = t.withMetaLearningRate(Flags.positiveFinite("--meta-lr", metaLearningRate));
    }
    if (clipNorm != null) {
      t = t.withClipNorm(Flags.clipNorm(clipNorm));
    }
    ReproductionConfig c = base.withTraining(t);
    if (seeds != null) {
      c = c.withSeeds(Flags.positive("--seeds", seeds));
    }
    return c;
  }
}
