package dev.l2l.optimizers.learned;

import dev.l2l.core.TensorFlowRuntime;
import java.util.Locale;

/**
 * Which ops compute the elementwise part of each LSTM cell (the gates, c' and h'; the MatMul is always
 * TensorFlow's). Both give the same numbers up to float rounding; they differ in speed.
 */
public enum LstmCellKernel {
  /**
   * {@link #FUSED} when {@link FusedLstmCell#isAvailable() its library is loaded}, TensorFlow's CPU natives
   * are in use and the graph is not placed on a GPU; {@link #TENSORFLOW_OPS} otherwise (with the GPU
   * natives, the unroll is meant for a GPU, where a CPU-only op would send every cell's data back and
   * forth). The default.
   */
  AUTO,
  /**
   * l2l's fused CPU kernels ({@link FusedLstmCell}): one op per cell forward and one backward instead of
   * about ten and fifteen TensorFlow ops; 1.2–1.5 × faster meta-training on 2 cores (docs/performance.md).
   */
  FUSED,
  /** TensorFlow's own ops (Split, Sigmoid, Tanh, Mul, Add): run on any device TensorFlow supports. */
  TENSORFLOW_OPS;

  /**
   * What a resolved kernel is, for logs: {@link FusedLstmCell#status()} for {@link #FUSED} (e.g. "fused
   * kernels (avx512)"), "TensorFlow ops" otherwise.
   */
  public String description() {
    return this == FUSED ? FusedLstmCell.status() : "TensorFlow ops";
  }

  /** The kernel this choice means for a graph placed on {@code device} (a TensorFlow device string). */
  public LstmCellKernel resolve(String device) {
    return switch (this) {
      case AUTO -> FusedLstmCell.isAvailable()
              && !device.toUpperCase(Locale.ROOT).contains("GPU")
              && !TensorFlowRuntime.nativeClassifier().endsWith("gpu")
          ? FUSED
          : TENSORFLOW_OPS;
      case FUSED, TENSORFLOW_OPS -> this;
    };
  }
}
