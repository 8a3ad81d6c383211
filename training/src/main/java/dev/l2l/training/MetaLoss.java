package dev.l2l.training;

/** Which inner losses of an unroll are summed into the meta-loss (spec section 8). */
public enum MetaLoss {
  /** Σ_{t=1..K} f(θ_t): the loss after each update, as DeepMind's code (default). */
  AFTER_UPDATE,
  /** Σ_{t=0..K−1} f(θ_t): the loss before each update, as the seed's JAX code. */
  BEFORE_UPDATE
}
