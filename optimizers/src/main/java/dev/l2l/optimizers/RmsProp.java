package dev.l2l.optimizers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * RMSprop (Tieleman and Hinton, 2012).
 *
 * <pre>
 *   s_{t+1} = ρ s_t + (1 − ρ) ∇f(θ_t)²
 *   g_t     = −α ∇f(θ_t) / (√s_{t+1} + ε)
 * </pre>
 *
 * State: [s], zeros at the start.
 *
 * @param learningRate α
 * @param decay ρ, default 0.9
 * @param epsilon ε, default 1e-8
 */
public record RmsProp(double learningRate, double decay, double epsilon) implements HandCraftedOptimizer {
  public RmsProp {
    HandCraftedOptimizer.positive("learningRate", learningRate);
    HandCraftedOptimizer.unitInterval("decay", decay);
    HandCraftedOptimizer.positive("epsilon", epsilon);
  }

  /** Decay 0.9, ε 1e-8. */
  public RmsProp(double learningRate) {
    this(learningRate, 0.9, 1e-8);
  }

  @Override
  public String name() {
    return "RMSprop";
  }

  @Override
  public List<Shape> stateShapes(Shape parameterShape) {
    return List.of(parameterShape);
  }

  @Override
  public OptimizerStep step(
      Ops tf, Operand<TFloat32> gradient, List<Operand<TFloat32>> state, Operand<TFloat32> negativeLearningRate) {
    Operand<TFloat32> s =
        tf.math.add(
            tf.math.mul(state.get(0), tf.constant((float) decay)),
            tf.math.mul(tf.math.square(gradient), tf.constant((float) (1 - decay))));
    Operand<TFloat32> denominator = tf.math.add(tf.math.sqrt(s), tf.constant((float) epsilon));
    Operand<TFloat32> update =
        tf.math.mul(tf.math.div(gradient, denominator), negativeLearningRate);
    return new OptimizerStep(update, List.of(s));
  }

  @Override
  public RmsProp withLearningRate(double lr) {
    return new RmsProp(lr, decay, epsilon);
  }
}
