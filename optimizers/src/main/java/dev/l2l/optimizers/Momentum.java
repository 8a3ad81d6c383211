package dev.l2l.optimizers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Gradient descent with (heavy-ball) momentum.
 *
 * <pre>
 *   v_{t+1} = μ v_t + ∇f(θ_t)
 *   g_t     = −α v_{t+1}
 * </pre>
 *
 * State: [v], zeros at the start.
 *
 * @param learningRate α
 * @param momentum μ, default 0.9
 */
public record Momentum(double learningRate, double momentum) implements HandCraftedOptimizer {
  public Momentum {
    HandCraftedOptimizer.positive("learningRate", learningRate);
    HandCraftedOptimizer.unitInterval("momentum", momentum);
  }

  /** Momentum 0.9. */
  public Momentum(double learningRate) {
    this(learningRate, 0.9);
  }

  @Override
  public String name() {
    return "Momentum";
  }

  @Override
  public List<Shape> stateShapes(Shape parameterShape) {
    return List.of(parameterShape);
  }

  @Override
  public OptimizerStep step(
      Ops tf, Operand<TFloat32> gradient, List<Operand<TFloat32>> state, Operand<TFloat32> negativeLearningRate) {
    Operand<TFloat32> v = tf.math.add(tf.math.mul(state.get(0), tf.constant((float) momentum)), gradient);
    return new OptimizerStep(tf.math.mul(v, negativeLearningRate), List.of(v));
  }

  @Override
  public Momentum withLearningRate(double lr) {
    return new Momentum(lr, momentum);
  }
}
