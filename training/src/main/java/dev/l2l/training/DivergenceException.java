package dev.l2l.training;

import dev.l2l.optimizers.learned.LstmWeights;

/** Meta-training stopped because it kept producing non-finite values; carries the best weights so far. */
public final class DivergenceException extends RuntimeException {
  private final transient LstmWeights bestWeights;

  public DivergenceException(String message, LstmWeights bestWeights) {
    super(message);
    this.bestWeights = bestWeights;
  }

  /** The best weights found before training stopped. */
  public LstmWeights bestWeights() {
    return bestWeights;
  }
}
