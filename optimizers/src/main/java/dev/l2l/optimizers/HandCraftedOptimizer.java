package dev.l2l.optimizers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A hand-crafted optimizer whose learning rate can be tuned by search. */
public interface HandCraftedOptimizer extends Optimizer {
  /** The step size α. */
  double learningRate();

  /** The same optimizer with step size {@code learningRate}. */
  HandCraftedOptimizer withLearningRate(double learningRate);

  /**
   * One step with −α given as a float32 scalar of the graph (e.g. a placeholder) instead of this
   * optimizer's {@link #learningRate()}: the learning-rate search feeds it, so that one graph serves
   * every rate. Fed −α, it computes the same numbers as {@link #step(Ops, Operand, List)}.
   */
  OptimizerStep step(Ops tf, Operand<TFloat32> gradient, List<Operand<TFloat32>> state, Operand<TFloat32> negativeLearningRate);

  /** One step with the constant −α of {@link #learningRate()}. */
  @Override
  default OptimizerStep step(Ops tf, Operand<TFloat32> gradient, List<Operand<TFloat32>> state) {
    return step(tf, gradient, state, tf.constant((float) -learningRate()));
  }

  /** Checks a hyper-parameter and names it in the error. */
  static double positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a positive finite number, got " + value);
    }
    return value;
  }

  /** Checks a decay or momentum constant in [0, 1). */
  static double unitInterval(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }
    return value;
  }
}
