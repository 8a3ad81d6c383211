package dev.l2l.training;

/** Told what a whole experiment ({@link QuadraticReproduction}, {@link MnistReproduction}) is doing. */
public interface ReproductionListener {
  /** A listener for the meta-training of seed index {@code seedIndex}. */
  TrainingListener training(int seedIndex, long seed);

  /** Told when a phase starts, e.g. "tuning SGD". */
  void phase(String description);

  /** Told when the meta-training of {@code seed} has finished (e.g. to save its checkpoint at once). */
  default void trained(long seed, TrainingResult result) {}

}
