package dev.l2l.training;

import dev.l2l.optimizers.Optimizer;
import org.tensorflow.op.Ops;

/**
 * Makes an optimizer inside a graph. Hand-crafted optimizers need nothing from the graph ({@code tf ->
 * new Adam(0.1)}); a trained LSTM puts its weights into the graph as constants (see {@link
 * LearnedOptimizers#withWeights}).
 */
@FunctionalInterface
public interface OptimizerFactory {
  Optimizer create(Ops tf);

  /** A factory for an optimizer that adds nothing to the graph on creation. */
  static OptimizerFactory of(Optimizer optimizer) {
    return tf -> optimizer;
  }
}
