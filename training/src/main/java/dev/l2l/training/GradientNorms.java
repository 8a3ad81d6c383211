package dev.l2l.training;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The global norms of the last {@link #WINDOW} applied meta-gradients, to tell a spike from ordinary
 * variation: a norm above {@link #SPIKE_FACTOR} × their median, once {@link #WARM_UP} have been applied.
 *
 * <p>Why a spike is refused even when it is finite: Adam divides each step by √v, and one gradient g far
 * above the others leaves v ≈ (1 − β₂) g² behind, which takes about 1 / (1 − β₂) = 1000 steps to fade, so
 * a single spike shrinks every step for the next thousand unrolls as well as making one large step.
 *
 * <p>The constants come from measured runs (4 × 3000–5000 unrolls, docs/robustness.md): the median of the
 * last 100 norms moves with the scale of the problems and with training; ordinary unrolls reached at most
 * 197 × that median (p99.9 38 ×), while a spike that set a run back (its meta-loss rose from 24 to 45 and
 * stayed there) was 7987 ×. 1000 × lies between, five times above the largest ordinary ratio.
 */
final class GradientNorms {
  /** Applied meta-gradients whose norms are remembered. */
  static final int WINDOW = 100;
  /** Norms needed before anything counts as a spike (the first few unrolls have no baseline). */
  static final int WARM_UP = 20;
  /** A norm above this × the median of the window is a spike. */
  static final double SPIKE_FACTOR = 1e3;

  private final ArrayDeque<Double> recent = new ArrayDeque<>();

  /** A window holding {@code norms} (oldest first; only the last {@link #WINDOW} are kept). */
  GradientNorms(double[] norms) {
    for (double n : norms) {
      add(n);
    }
  }

  /** True if {@code norm} is more than {@link #SPIKE_FACTOR} × the median, after the warm-up. */
  boolean isSpike(double norm) {
    return recent.size() >= WARM_UP && norm > SPIKE_FACTOR * median();
  }

  /** Remembers the norm of an applied meta-gradient, forgetting the oldest beyond {@link #WINDOW}. */
  void add(double norm) {
    recent.addLast(norm);
    if (recent.size() > WINDOW) {
      recent.removeFirst();
    }
  }

  /** The median of the remembered norms (the mean of the middle two for an even count); NaN if none. */
  double median() {
    if (recent.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = recent.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The remembered norms, oldest first (part of the training state, so a resumed run decides the same). */
  double[] toArray() {
    return recent.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Override
  public String toString() {
    return Arrays.toString(toArray());
  }
}
