package dev.l2l.training;

import dev.l2l.optimizers.learned.LstmWeights;

/**
 * What meta-training produced.
 *
 * @param best the weights with the lowest validation loss (the initial weights count too)
 * @param bestValidationLoss their validation loss
 * @param bestOuterStep the outer step after which they were measured (0 = the initial weights)
 * @param last the weights after the last outer step
 * @param skippedUnrolls unrolls skipped because their meta-loss or meta-gradient was not finite
 * @param seconds wall time
 * @param rollbacks times the weights were rolled back to the best ones after repeated failures
 */
public record TrainingResult(
    LstmWeights best,
    double bestValidationLoss,
    int bestOuterStep,
    LstmWeights last,
    long skippedUnrolls,
    double seconds,
    int rollbacks) {}
