package dev.l2l.training;

import dev.l2l.core.RunTrace;

/** Told after every outer step of meta-training. */
@FunctionalInterface
public interface TrainingListener {
  void onOuterStep(TrainingProgress progress);

  /**
   * Told once, after the first unroll, the trace of that unroll: the devices TensorFlow ran its ops on
   * (e.g. {@code /job:localhost/replica:0/task:0/device:CPU:0}) and the op types it ran.
   */
  default void ranOn(RunTrace firstUnroll) {}

  /** A listener that tells {@code first}, then {@code second}. */
  static TrainingListener both(TrainingListener first, TrainingListener second) {
    return new TrainingListener() {
      @Override
      public void onOuterStep(TrainingProgress progress) {
        first.onOuterStep(progress);
        second.onOuterStep(progress);
      }

      @Override
      public void ranOn(RunTrace firstUnroll) {
        first.ranOn(firstUnroll);
        second.ranOn(firstUnroll);
      }
    };
  }

  /** A listener that ignores everything. */
  static TrainingListener none() {
    return p -> {};
  }
}
