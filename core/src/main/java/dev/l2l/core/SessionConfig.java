package dev.l2l.core;

import java.util.Locale;
import org.tensorflow.DeviceSpec;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How a {@link GraphSession} places and runs its graph.
 *
 * @param intraOpThreads threads inside one op (0 lets TensorFlow choose: one per core)
 * @param interOpThreads threads running independent ops (0 lets TensorFlow choose)
 * @param grappler whether TensorFlow's graph optimizer (Grappler) rewrites the graph; off by default:
 *     it adds seconds to the first run of the large unrolled graphs and no steady-state speed
 * @param xlaJit whether XLA compiles clusters of the graph (global JIT level ON_1); off by default
 * @param device where the graph's ops go; {@link Device#AUTO} by default
 */
public record SessionConfig(int intraOpThreads, int interOpThreads, boolean grappler, boolean xlaJit, Device device) {
  /** Where a graph's ops are placed. Ops without a kernel for the chosen device fall back to the CPU. */
  public enum Device {
    /** TensorFlow's own placement: every op that has a GPU kernel on {@code /GPU:0} when a GPU is visible, else the CPU. */
    AUTO,
    /** Every op on {@code /CPU:0}, even when a GPU is visible. */
    CPU,
    /** Every op on {@code /GPU:0}; without a visible GPU TensorFlow runs them on the CPU. */
    GPU;

    /** The device spec for graph builders, or null for {@link #AUTO}. */
    DeviceSpec spec() {
      return switch (this) {
        case AUTO -> null;
        case CPU -> DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.CPU).deviceIndex(0).build();
        case GPU -> DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build();
      };
    }

    /** Lower case, as on the command line. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public SessionConfig {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = TensorFlow's choice), got " + intraOpThreads);
    }
    if (interOpThreads < 0) {
      throw new IllegalArgumentException("interOpThreads must be >= 0 (0 = TensorFlow's choice), got " + interOpThreads);
    }
    if (device == null) {
      throw new IllegalArgumentException("device must be one of AUTO, CPU, GPU");
    }
  }

  /** TensorFlow's thread choice, Grappler off, XLA off, TensorFlow's placement. */
  public static SessionConfig defaults() {
    return new SessionConfig(0, 0, false, false, Device.AUTO);
  }

  public SessionConfig withGrappler(boolean on) {
    return new SessionConfig(intraOpThreads, interOpThreads, on, xlaJit, device);
  }

  public SessionConfig withThreads(int intra, int inter) {
    return new SessionConfig(intra, inter, grappler, xlaJit, device);
  }

  public SessionConfig withXlaJit(boolean on) {
    return new SessionConfig(intraOpThreads, interOpThreads, grappler, on, device);
  }

  public SessionConfig withDevice(Device d) {
    return new SessionConfig(intraOpThreads, interOpThreads, grappler, xlaJit, d);
  }

  /** The protocol buffer TensorFlow's session takes (soft placement on, so ops without a GPU kernel run on the CPU). */
  public ConfigProto toConfigProto() {
    OptimizerOptions.Builder optimizer = OptimizerOptions.newBuilder();
    if (xlaJit) {
      optimizer.setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1);
    }
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOpThreads)
        .setInterOpParallelismThreads(interOpThreads)
        .setAllowSoftPlacement(true)
        .setGraphOptions(
            GraphOptions.newBuilder()
                .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(!grappler))
                .setOptimizerOptions(optimizer))
        .build();
  }
}
