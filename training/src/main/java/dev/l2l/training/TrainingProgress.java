package dev.l2l.training;

/**
 * Meta-training's state after one outer step, for progress bars and logs.
 *
 * @param outerStep outer steps done (1-based)
 * @param outerSteps outer steps in all
 * @param metaLoss mean meta-loss of this step's unrolls (NaN if every unroll was skipped)
 * @param validationLoss validation loss measured at this step, NaN when not measured
 * @param bestValidationLoss the best validation loss so far
 * @param skippedUnrolls unrolls skipped so far because they were not finite
 * @param elapsedSeconds wall time since training started
 * @param rollbacks times the weights were rolled back to the best ones after repeated failures
 */
public record TrainingProgress(
    int outerStep,
    int outerSteps,
    double metaLoss,
    double validationLoss,
    double bestValidationLoss,
    long skippedUnrolls,
    double elapsedSeconds,
    int rollbacks) {}
