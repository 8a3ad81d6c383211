package dev.l2l.optimizers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Nesterov's accelerated gradient, in the form that needs only ∇f(θ_t) (as in PyTorch and Optax):
 *
 * <pre>
 *   v_{t+1} = μ v_t + ∇f(θ_t)
 *   g_t     = −α (∇f(θ_t) + μ v_{t+1})
 * </pre>
 *
 * It is Sutskever et al.'s look-ahead NAG rewritten in the look-ahead variable. State: [v], zeros.
 *
 * @param learningRate α
 * @param momentum μ, default 0.9 (spec section 3)
 */
public record Nag(double learningRate, double momentum) implements HandCraftedOptimizer {
  public Nag {
    HandCraftedOptimizer.positive("learningRate", learningRate);
    HandCraftedOptimizer.unitInterval("momentum", momentum);
  }

  /** Momentum 0.9. */
  public Nag(double learningRate) {
    this(learningRate, 0.9);
  }

  @Override
  public String name() {
    return "NAG";
  }

  @Override
  public List<Shape> stateShapes(Shape parameterShape) {
    return List.of(parameterShape);
  }

  @Override
  public OptimizerStep step(
      Ops tf, Operand<TFloat32> gradient, List<Operand<TFloat32>> state, Operand<TFloat32> negativeLearningRate) {
    Operand<TFloat32> mu = tf.constant((float) momentum);
    Operand<TFloat32> v = tf.math.add(tf.math.mul(state.get(0), mu), gradient);
    Operand<TFloat32> direction = tf.math.add(gradient, tf.math.mul(v, mu));
    return new OptimizerStep(tf.math.mul(direction, negativeLearningRate), List.of(v));
  }

  @Override
  public Nag withLearningRate(double lr) {
    return new Nag(lr, momentum);
  }
}
