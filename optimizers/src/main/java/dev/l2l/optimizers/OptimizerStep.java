package dev.l2l.optimizers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What one optimizer step adds to a graph: the update g_t (θ_{t+1} = θ_t + g_t) and the next state.
 *
 * @param update the update, shaped like the parameters
 * @param state the next state, in the order of {@link Optimizer#stateShapes}
 */
public record OptimizerStep(Operand<TFloat32> update, List<Operand<TFloat32>> state) {
  public OptimizerStep {
    state = List.copyOf(state);
  }
}
