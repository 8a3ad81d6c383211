package dev.l2l.training;

import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.LstmOptimizer;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.optimizers.learned.LstmExecution;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Ways to put a learned optimizer's weights into a graph. */
public final class LearnedOptimizers {
  private LearnedOptimizers() {}

  /** A factory for the LSTM optimizer with {@code weights} baked into the graph as constants. */
  public static OptimizerFactory withWeights(LstmWeights weights) {
    return withWeights(weights, LstmExecution.DEFAULT);
  }

  /**
   * {@link #withWeights(LstmWeights)} with the LSTM's graph laid out as {@code execution} says (the same
   * numbers up to float rounding; for benchmarks).
   */
  public static OptimizerFactory withWeights(LstmWeights weights, LstmExecution execution) {
    return tf -> new LstmOptimizer(weights.config(), constants(tf, weights), execution);
  }

  /** The weights as graph constants, in the order of {@link LstmConfig#weightSpecs()}. */
  public static List<Operand<TFloat32>> constants(Ops tf, LstmWeights weights) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    List<LstmConfig.WeightSpec> specs = weights.config().weightSpecs();
    for (int i = 0; i < specs.size(); i++) {
      out.add(
          tf.withName(safe(specs.get(i).name()))
              .constant(Shape.of(specs.get(i).shape()), DataBuffers.of(weights.get(i), true, false)));
    }
    return out;
  }

  /** One placeholder per weight tensor, in the order of {@link LstmConfig#weightSpecs()}. */
  public static List<Placeholder<TFloat32>> placeholders(Ops tf, LstmConfig config) {
    List<Placeholder<TFloat32>> out = new ArrayList<>();
    for (LstmConfig.WeightSpec spec : config.weightSpecs()) {
      out.add(
          tf.withName(safe(spec.name()))
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(spec.shape()))));
    }
    return out;
  }

  private static String safe(String name) {
    return "phi_" + name.replace('/', '_');
  }
}
