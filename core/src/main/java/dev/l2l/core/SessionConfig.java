package dev.l2l.core;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How a {@link GraphSession} runs its graph.
 *
 * @param intraOpThreads threads inside one op (0 lets TensorFlow choose: one per core)
 * @param interOpThreads threads running independent ops (0 lets TensorFlow choose)
 * @param grappler whether TensorFlow's graph optimizer (Grappler) rewrites the graph; off by default:
 *     it adds seconds to the first run of the large unrolled graphs and no steady-state speed
 * @param xlaJit whether XLA compiles clusters of the graph (global JIT level ON_1); off by default
 */
public record SessionConfig(int intraOpThreads, int interOpThreads, boolean grappler, boolean xlaJit) {
  public SessionConfig {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = TensorFlow's choice), got " + intraOpThreads);
    }
    if (interOpThreads < 0) {
      throw new IllegalArgumentException("interOpThreads must be >= 0 (0 = TensorFlow's choice), got " + interOpThreads);
    }
  }

  /** TensorFlow's thread choice, Grappler off, XLA off. */
  public static SessionConfig defaults() {
    return new SessionConfig(0, 0, false, false);
  }

  public SessionConfig withGrappler(boolean on) {
    return new SessionConfig(intraOpThreads, interOpThreads, on, xlaJit);
  }

  public SessionConfig withThreads(int intra, int inter) {
    return new SessionConfig(intra, inter, grappler, xlaJit);
  }

  public SessionConfig withXlaJit(boolean on) {
    return new SessionConfig(intraOpThreads, interOpThreads, grappler, on);
  }

  /** The protocol buffer TensorFlow's session takes. */
  public ConfigProto toConfigProto() {
    OptimizerOptions.Builder optimizer = OptimizerOptions.newBuilder();
    if (xlaJit) {
      optimizer.setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1);
    }
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOpThreads)
        .setInterOpParallelismThreads(interOpThreads)
        .setGraphOptions(
            GraphOptions.newBuilder()
                .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(!grappler))
                .setOptimizerOptions(optimizer))
        .build();
  }
}
