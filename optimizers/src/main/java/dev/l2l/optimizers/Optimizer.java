package dev.l2l.optimizers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * An optimizer as a graph transform (the paper's interface, spec section 1):
 *
 * <pre>
 *   [g_t, h_{t+1}] = opt(∇f(θ_t), h_t)        θ_{t+1} = θ_t + g_t
 * </pre>
 *
 * <p>Hand-crafted optimizers and the learned LSTM optimizer share it, so one inner loop serves all.
 * An optimizer adds ops to a graph and owns no native handle. Its state is a list of float32 tensors
 * whose initial value is all zeros.
 */
public interface Optimizer {
  /** A short name for tables and figures, e.g. {@code Adam}. */
  String name();

  /** The shapes of the state tensors for parameters of shape {@code parameterShape}. */
  List<Shape> stateShapes(Shape parameterShape);

  /**
   * Adds the ops of one step.
   *
   * @param tf where to add the ops
   * @param gradient ∇f(θ_t), shaped like the parameters
   * @param state h_t, in the order and shapes of {@link #stateShapes}
   */
  OptimizerStep step(Ops tf, Operand<TFloat32> gradient, List<Operand<TFloat32>> state);
}
