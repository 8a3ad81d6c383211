package dev.l2l.training;

/** Told after every outer step of meta-training. */
@FunctionalInterface
public interface TrainingListener {
  void onOuterStep(TrainingProgress progress);

  /** A listener that ignores everything. */
  static TrainingListener none() {
    return p -> {};
  }
}
