package dev.l2l.training;

import java.util.Set;

/** Told after every outer step of meta-training. */
@FunctionalInterface
public interface TrainingListener {
  void onOuterStep(TrainingProgress progress);

  /**
   * Told once, after the first unroll, the devices TensorFlow ran its ops on (from a trace of that
   * unroll), e.g. {@code /job:localhost/replica:0/task:0/device:CPU:0}.
   */
  default void ranOn(Set<String> devices) {}

  /** A listener that tells {@code first}, then {@code second}. */
  static TrainingListener both(TrainingListener first, TrainingListener second) {
    return new TrainingListener() {
      @Override
      public void onOuterStep(TrainingProgress progress) {
        first.onOuterStep(progress);
        second.onOuterStep(progress);
      }

      @Override
      public void ranOn(Set<String> devices) {
        first.ranOn(devices);
        second.ranOn(devices);
      }
    };
  }

  /** A listener that ignores everything. */
  static TrainingListener none() {
    return p -> {};
  }
}
