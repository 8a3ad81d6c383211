package dev.l2l.training;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything meta-training needs to continue exactly where it stopped, taken between two outer steps:
 * the problems of outer step k are derived from the seed and k, so the outer step is the random state.
 *
 * @param outerStep outer steps done
 * @param weights the current LSTM weights φ
 * @param adamStep steps the meta-optimizer has taken
 * @param adamFirstMoments its first moments, one array per weight tensor
 * @param adamSecondMoments its second moments
 * @param best the weights with the lowest validation loss so far
 * @param bestValidationLoss their validation loss
 * @param bestOuterStep the outer step they were measured after
 * @param skippedUnrolls unrolls skipped so far (non-finite or exploding)
 * @param rollbacks times the weights were rolled back to the best ones after repeated failures
 * @param elapsedSeconds training wall time so far
 * @param recentGradientNorms global norms of the last applied meta-gradients, oldest first (at most 100),
 *     against which a spike is judged
 */
public record TrainingState(
    int outerStep,
    List<float[]> weights,
    long adamStep,
    List<double[]> adamFirstMoments,
    List<double[]> adamSecondMoments,
    List<float[]> best,
    double bestValidationLoss,
    int bestOuterStep,
    long skippedUnrolls,
    int rollbacks,
    double elapsedSeconds,
    double[] recentGradientNorms) {
  public TrainingState {
    if (outerStep < 0 || adamStep < 0 || skippedUnrolls < 0 || rollbacks < 0) {
      throw new IllegalArgumentException("training state counters must be >= 0");
    }
    int n = weights.size();
    if (best.size() != n || adamFirstMoments.size() != n || adamSecondMoments.size() != n) {
      throw new IllegalArgumentException("training state: weights, best weights and moments differ in count");
    }
    for (int i = 0; i < n; i++) {
      int len = weights.get(i).length;
      if (best.get(i).length != len || adamFirstMoments.get(i).length != len || adamSecondMoments.get(i).length != len) {
        throw new IllegalArgumentException("training state: tensor " + i + " differs in size between its parts");
      }
    }
    weights = copyFloats(weights);
    best = copyFloats(best);
    adamFirstMoments = copyDoubles(adamFirstMoments);
    adamSecondMoments = copyDoubles(adamSecondMoments);
    recentGradientNorms = recentGradientNorms.clone();
  }

  @Override
  public double[] recentGradientNorms() {
    return recentGradientNorms.clone();
  }

  private static List<float[]> copyFloats(List<float[]> in) {
    List<float[]> out = new ArrayList<>();
    for (float[] a : in) {
      out.add(a.clone());
    }
    return List.copyOf(out);
  }

  private static List<double[]> copyDoubles(List<double[]> in) {
    List<double[]> out = new ArrayList<>();
    for (double[] a : in) {
      out.add(a.clone());
    }
    return List.copyOf(out);
  }
}
