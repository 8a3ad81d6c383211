package dev.l2l.training;

import dev.l2l.core.Seeds;

/**
 * A named, fixed set of problem batches: batch i is sampled with {@code Seeds.derive(seed, name, i)}.
 * Meta-training, learning-rate tuning, validation and evaluation use different names, so their
 * problems never coincide.
 *
 * @param name the stream's name, e.g. {@code evaluation}
 * @param seed the base seed
 * @param batches how many batches
 */
public record ProblemSet(String name, long seed, int batches) {
  public ProblemSet {
    if (batches <= 0) {
      throw new IllegalArgumentException(name + " batches must be positive, got " + batches);
    }
  }

  /** The seed of batch {@code i}. */
  public long batchSeed(int i) {
    return Seeds.derive(seed, name, i);
  }
}
