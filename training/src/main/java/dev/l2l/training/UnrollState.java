package dev.l2l.training;

import java.util.ArrayList;
import java.util.List;

/**
 * The values carried from one unroll to the next: the parameters θ and the optimizer's state, as
 * row-major float arrays (no gradient crosses an unroll boundary).
 *
 * @param theta θ, in the task's parameter shape
 * @param optimizerState the optimizer's state tensors, in the order of its state shapes
 */
public record UnrollState(float[] theta, List<float[]> optimizerState) {
  public UnrollState {
    optimizerState = List.copyOf(optimizerState);
  }

  /** θ₀ and an all-zero optimizer state of the given sizes. */
  public static UnrollState start(float[] theta0, List<Integer> stateSizes) {
    List<float[]> zeros = new ArrayList<>();
    for (int size : stateSizes) {
      zeros.add(new float[size]);
    }
    return new UnrollState(theta0.clone(), zeros);
  }
}
