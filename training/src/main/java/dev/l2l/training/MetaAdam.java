package dev.l2l.training;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam for the learned optimizer's weights φ, in Java (double-precision moments, float weights), applied
 * after every unroll to the meta-gradient fetched from the graph:
 *
 * <pre>
 *   t ← t + 1;  m ← β₁ m + (1 − β₁) ∇;  v ← β₂ v + (1 − β₂) ∇²
 *   φ ← φ − α (m / (1 − β₁^t)) / (√(v / (1 − β₂^t)) + ε)
 * </pre>
 *
 * Defaults: α 0.01 (the seed), β₁ 0.9, β₂ 0.999, ε 1e-8. Its state is part of a checkpoint, so training
 * can continue exactly.
 */
public final class MetaAdam {
  private final double learningRate;
  private final double beta1 = 0.9;
  private final double beta2 = 0.999;
  private final double epsilon = 1e-8;
  private long step;
  private final List<double[]> m = new ArrayList<>();
  private final List<double[]> v = new ArrayList<>();

  /** A fresh optimizer for tensors of the given sizes. */
  public MetaAdam(double learningRate, List<Integer> sizes) {
    this.learningRate = checkedRate(learningRate);
    for (int size : sizes) {
      m.add(new double[size]);
      v.add(new double[size]);
    }
  }

  /** An optimizer resumed from a saved state. */
  public MetaAdam(double learningRate, long step, List<double[]> m, List<double[]> v) {
    this.learningRate = checkedRate(learningRate);
    if (step < 0 || m.size() != v.size()) {
      throw new IllegalArgumentException("a resumed MetaAdam needs step >= 0 and as many first as second moments");
    }
    this.step = step;
    for (double[] a : m) {
      this.m.add(a.clone());
    }
    for (double[] a : v) {
      this.v.add(a.clone());
    }
  }

  private static double checkedRate(double learningRate) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("metaLearningRate must be a positive finite number, got " + learningRate);
    }
    return learningRate;
  }

  /** Returns φ after one step along {@code gradients}; updates the moments. */
  public List<float[]> apply(List<float[]> weights, List<float[]> gradients) {
    if (weights.size() != m.size() || gradients.size() != m.size()) {
      throw new IllegalArgumentException(
          "MetaAdam holds " + m.size() + " tensors, got " + weights.size() + " weights and " + gradients.size() + " gradients");
    }
    step++;
    double c1 = 1 - Math.pow(beta1, step);
    double c2 = 1 - Math.pow(beta2, step);
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      float[] w = weights.get(i).clone();
      float[] g = gradients.get(i);
      double[] mi = m.get(i);
      double[] vi = v.get(i);
      for (int j = 0; j < w.length; j++) {
        mi[j] = beta1 * mi[j] + (1 - beta1) * g[j];
        vi[j] = beta2 * vi[j] + (1 - beta2) * g[j] * (double) g[j];
        w[j] = (float) (w[j] - learningRate * (mi[j] / c1) / (Math.sqrt(vi[j] / c2) + epsilon));
      }
      out.add(w);
    }
    return out;
  }

  public long step() {
    return step;
  }

  /** Copies of the first moments. */
  public List<double[]> firstMoments() {
    return copy(m);
  }

  /** Copies of the second moments. */
  public List<double[]> secondMoments() {
    return copy(v);
  }

  private static List<double[]> copy(List<double[]> a) {
    List<double[]> out = new ArrayList<>();
    for (double[] x : a) {
      out.add(x.clone());
    }
    return out;
  }
}
