package dev.l2l.optimizers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Stochastic gradient descent, stateless.
 *
 * <pre>
 *   g_t = −α ∇f(θ_t)
 * </pre>
 *
 * @param learningRate α (no default: tune it, e.g. with the learning-rate search)
 */
public record Sgd(double learningRate) implements HandCraftedOptimizer {
  public Sgd {
    HandCraftedOptimizer.positive("learningRate", learningRate);
  }

  @Override
  public String name() {
    return "SGD";
  }

  @Override
  public List<Shape> stateShapes(Shape parameterShape) {
    return List.of();
  }

  @Override
  public OptimizerStep step(
      Ops tf, Operand<TFloat32> gradient, List<Operand<TFloat32>> state, Operand<TFloat32> negativeLearningRate) {
    return new OptimizerStep(tf.math.mul(gradient, negativeLearningRate), List.of());
  }

  @Override
  public Sgd withLearningRate(double lr) {
    return new Sgd(lr);
  }
}
