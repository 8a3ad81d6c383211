package dev.l2l.optimizers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Adam (Kingma and Ba, 2014), with bias correction.
 *
 * <pre>
 *   t  ← t + 1
 *   m  ← β₁ m + (1 − β₁) ∇f(θ_t)
 *   v  ← β₂ v + (1 − β₂) ∇f(θ_t)²
 *   g_t = −α (m / (1 − β₁^t)) / (√(v / (1 − β₂^t)) + ε)
 * </pre>
 *
 * State: [t (a scalar), m, v], zeros at the start. Checked against a plain-Java reference (not against
 * {@code tensorflow-framework}'s Adam, which is wrong in 1.1.0).
 *
 * @param learningRate α
 * @param beta1 β₁, default 0.9
 * @param beta2 β₂, default 0.999
 * @param epsilon ε, default 1e-8
 */
public record Adam(double learningRate, double beta1, double beta2, double epsilon)
    implements HandCraftedOptimizer {
  public Adam {
    HandCraftedOptimizer.positive("learningRate", learningRate);
    HandCraftedOptimizer.unitInterval("beta1", beta1);
    HandCraftedOptimizer.unitInterval("beta2", beta2);
    HandCraftedOptimizer.positive("epsilon", epsilon);
  }

  /** β₁ 0.9, β₂ 0.999, ε 1e-8. */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8);
  }

  @Override
  public String name() {
    return "Adam";
  }

  @Override
  public List<Shape> stateShapes(Shape parameterShape) {
    return List.of(Shape.scalar(), parameterShape, parameterShape);
  }

  @Override
  public OptimizerStep step(
      Ops tf, Operand<TFloat32> gradient, List<Operand<TFloat32>> state, Operand<TFloat32> negativeLearningRate) {
    Operand<TFloat32> t = tf.math.add(state.get(0), tf.constant(1f));
    Operand<TFloat32> m =
        tf.math.add(
            tf.math.mul(state.get(1), tf.constant((float) beta1)),
            tf.math.mul(gradient, tf.constant((float) (1 - beta1))));
    Operand<TFloat32> v =
        tf.math.add(
            tf.math.mul(state.get(2), tf.constant((float) beta2)),
            tf.math.mul(tf.math.square(gradient), tf.constant((float) (1 - beta2))));
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> correction1 = tf.math.sub(one, tf.math.pow(tf.constant((float) beta1), t));
    Operand<TFloat32> correction2 = tf.math.sub(one, tf.math.pow(tf.constant((float) beta2), t));
    Operand<TFloat32> mHat = tf.math.div(m, correction1);
    Operand<TFloat32> vHat = tf.math.div(v, correction2);
    Operand<TFloat32> update =
        tf.math.mul(
            tf.math.div(mHat, tf.math.add(tf.math.sqrt(vHat), tf.constant((float) epsilon))),
            negativeLearningRate);
    return new OptimizerStep(update, List.of(t, m, v));
  }

  @Override
  public Adam withLearningRate(double lr) {
    return new Adam(lr, beta1, beta2, epsilon);
  }
}
