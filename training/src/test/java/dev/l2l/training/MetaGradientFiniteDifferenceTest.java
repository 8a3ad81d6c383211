package dev.l2l.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.ReferenceChecks;
import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.optimizers.learned.Preprocessing;
import dev.l2l.optimizers.learned.ReferenceLstm;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The meta-gradient {@link MetaTrainer#unroll} fetches, checked by central finite differences of a
 * double-precision reference meta-loss (quadratic of dimension 3, batch 2, unroll 4, 2-layer LSTM of 4).
 *
 * <p>With the default first-order setting the LSTM's gradient input is stopped, so the graph's
 * meta-gradient is the exact gradient of L̃(φ): the meta-loss in which every optimizee gradient g_t is
 * held at its value along the nominal trajectory (at the unperturbed φ). The reference computes L̃ with
 * {@link ReferenceLstm} and {@link QuadraticBatch#gradient}; with true second derivatives, it recomputes
 * g_t along each perturbed trajectory instead.
 */
class MetaGradientFiniteDifferenceTest {
  private static final int UNROLL = 4;
  private static final QuadraticFamily FAMILY =
      new QuadraticFamily(new QuadraticConfig(3, 2, QuadraticConfig.Distribution.GAUSSIAN));

  /** θ_t and f(θ_t) for t = 0..K, and the gradients g_t used at t = 0..K−1. */
  record Rollout(double[] losses, double[][] gradients, double[] thetaFinal, List<double[]> stateFinal) {}

  /**
   * Runs K steps of the reference optimizer from (θ₀, h₀). With {@code fixed} null each g_t is the
   * quadratic's gradient at θ_t; otherwise g_t = fixed[t] (the first-order meta-loss L̃).
   */
  static Rollout rollout(
      ReferenceLstm lstm, QuadraticBatch batch, double[] theta0, List<double[]> state0, double[][] fixed) {
    double[] theta = theta0.clone();
    List<double[]> state = state0;
    double[] losses = new double[UNROLL + 1];
    double[][] used = new double[UNROLL][];
    for (int t = 0; t < UNROLL; t++) {
      losses[t] = batch.loss(theta);
      used[t] = fixed == null ? batch.gradient(theta) : fixed[t];
      ReferenceLstm.Step step = lstm.step(used[t], state);
      for (int j = 0; j < theta.length; j++) {
        theta[j] += step.update()[j];
      }
      state = step.state();
    }
    losses[UNROLL] = batch.loss(theta);
    return new Rollout(losses, used, theta, state);
  }

  static double metaLoss(double[] losses, MetaLoss which) {
    int from = which == MetaLoss.AFTER_UPDATE ? 1 : 0;
    double sum = 0;
    for (int t = from; t < from + UNROLL; t++) {
      sum += losses[t];
    }
    return sum;
  }

  static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /**
   * Builds the meta-training graph, runs two consecutive unrolls (the second from the carried θ and
   * LSTM state) and checks, for each: the inner losses, carried values and meta-loss against the
   * reference, and the meta-gradient against central differences of the reference along random
   * directions and single coordinates.
   */
  private static void check(LstmConfig lstm, MetaLoss which) {
    MetaTrainingConfig config =
        MetaTrainingConfig.defaults().withLstm(lstm).withUnroll(UNROLL, 2).withMetaLoss(which);
    LstmWeights weights = ReferenceLstm.perturbedWeights(lstm, 3);
    ReferenceLstm reference = ReferenceLstm.of(weights);
    QuadraticBatch batch = FAMILY.sample(42);
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(FAMILY, config, SessionConfig.defaults())) {
      List<Integer> stateSizes = new ArrayList<>();
      for (int i = 0; i < 2 * lstm.layers(); i++) {
        stateSizes.add(3 * 2 * lstm.hiddenUnits());
      }
      UnrollState carried = UnrollState.start(batch.initialParameters(), stateSizes);
      for (int u = 0; u < 2; u++) {
        MetaTrainer.UnrollResult result = trainer.unroll(weights.all(), batch, carried, u * UNROLL);
        String at = lstm.preprocessing() + (lstm.secondOrder() ? " second order " : " first order ") + which
            + " unroll " + u;
        double[] theta0 = toDoubles(carried.theta());
        List<double[]> state0 = ReferenceLstm.toDoubles(carried.optimizerState());
        Rollout nominal = rollout(reference, batch, theta0, state0, null);

        // The forward pass: every inner loss, the carried θ and LSTM state, and the meta-loss.
        ReferenceChecks.assertClose(at + " losses", nominal.losses(), result.outcome().losses(), 1e-4, 1e-6);
        ReferenceChecks.assertClose(
            at + " theta", nominal.thetaFinal(), toDoubles(result.outcome().next().theta()), 1e-4, 1e-5);
        for (int i = 0; i < nominal.stateFinal().size(); i++) {
          ReferenceChecks.assertClose(
              at + " state " + i, nominal.stateFinal().get(i),
              toDoubles(result.outcome().next().optimizerState().get(i)), 1e-4, 1e-5);
        }
        double expectedMetaLoss = metaLoss(nominal.losses(), which);
        assertEquals(expectedMetaLoss, result.metaLoss(), 1e-4 * Math.abs(expectedMetaLoss), at + " meta-loss");

        // The meta-gradient, by central differences of the reference meta-loss. Graph and reference agree
        // to about 1e-6 relative. On this small problem the second-order terms (what stopping g_t drops)
        // are only 0.1-1 % of the meta-gradient, so a percent-level tolerance could not tell a first-order
        // graph from a second-order one: 1e-4 can, and the test checks that it does (below).
        double[][] fixed = lstm.secondOrder() ? null : nominal.gradients();
        List<double[]> gradient = ReferenceLstm.toDoubles(result.gradients());
        double gradientNorm = norm(gradient);
        assertTrue(gradientNorm > 1e-3, at + ": the meta-gradient is not negligible (" + gradientNorm + ")");
        SplittableRandom random = new SplittableRandom(100 + u);
        List<List<double[]>> directions = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
          directions.add(randomUnitDirection(lstm, random));
        }
        for (int i = 0; i < gradient.size(); i++) {
          directions.add(coordinate(lstm, i, largestMagnitudeIndex(gradient.get(i))));
        }
        double largestSecondOrderGap = 0;
        for (List<double[]> d : directions) {
          double eps = 1e-5;
          double plus = metaLoss(rollout(reference.moved(eps, d), batch, theta0, state0, fixed).losses(), which);
          double minus = metaLoss(rollout(reference.moved(-eps, d), batch, theta0, state0, fixed).losses(), which);
          double finiteDifference = (plus - minus) / (2 * eps);
          double analytic = dot(gradient, d);
          double tolerance = 1e-4 * Math.abs(finiteDifference) + 1e-6 * gradientNorm;
          assertEquals(finiteDifference, analytic, tolerance, at + ": directional derivative (finite difference vs graph)");
          if (!lstm.secondOrder()) {
            double plusTrue = metaLoss(rollout(reference.moved(eps, d), batch, theta0, state0, null).losses(), which);
            double minusTrue = metaLoss(rollout(reference.moved(-eps, d), batch, theta0, state0, null).losses(), which);
            largestSecondOrderGap =
                Math.max(largestSecondOrderGap, Math.abs((plusTrue - minusTrue) / (2 * eps) - analytic) / tolerance);
          }
        }
        if (!lstm.secondOrder()) {
          // Sensitivity: the true meta-loss's derivative (with g_t recomputed) is off the first-order
          // meta-gradient by many tolerances, so a graph that did not stop g_t would fail above.
          assertTrue(
              largestSecondOrderGap > 5,
              at + ": second-order terms are only " + largestSecondOrderGap + " tolerances: the check cannot tell");
        }
        carried = result.outcome().next();
      }
    }
  }

  /**
   * The default setting (stopped gradient input, clamped log-and-sign input, loss after each update), with
   * output scale 1 instead of 0.01 so that the dropped second-order terms are large enough to detect.
   */
  @Test
  void firstOrderMetaGradientMatchesFiniteDifferencesOfFixedGradientMetaLoss() {
    check(new LstmConfig(2, 4, Preprocessing.CLAMPED_LOG_SIGN, 1.0, false), MetaLoss.AFTER_UPDATE);
  }

  @Test
  void firstOrderWithRawGradientAndLossBeforeUpdate() {
    check(new LstmConfig(2, 4, Preprocessing.NONE, 0.1, false), MetaLoss.BEFORE_UPDATE);
  }

  /** With secondOrder the gradient flows through g_t too: finite differences of the true meta-loss. */
  @Test
  void secondOrderMetaGradientMatchesFiniteDifferencesOfTrueMetaLoss() {
    check(new LstmConfig(2, 4, Preprocessing.NONE, 0.1, true), MetaLoss.AFTER_UPDATE);
  }

  private static List<double[]> randomUnitDirection(LstmConfig lstm, SplittableRandom random) {
    List<double[]> d = new ArrayList<>();
    for (LstmConfig.WeightSpec spec : lstm.weightSpecs()) {
      double[] a = new double[spec.size()];
      for (int j = 0; j < a.length; j++) {
        a[j] = random.nextGaussian();
      }
      d.add(a);
    }
    double n = norm(d);
    for (double[] a : d) {
      for (int j = 0; j < a.length; j++) {
        a[j] /= n;
      }
    }
    return d;
  }

  private static List<double[]> coordinate(LstmConfig lstm, int tensor, int index) {
    List<double[]> d = new ArrayList<>();
    for (LstmConfig.WeightSpec spec : lstm.weightSpecs()) {
      d.add(new double[spec.size()]);
    }
    d.get(tensor)[index] = 1;
    return d;
  }

  private static int largestMagnitudeIndex(double[] a) {
    int best = 0;
    for (int j = 1; j < a.length; j++) {
      if (Math.abs(a[j]) > Math.abs(a[best])) {
        best = j;
      }
    }
    return best;
  }

  private static double dot(List<double[]> a, List<double[]> b) {
    double s = 0;
    for (int i = 0; i < a.size(); i++) {
      for (int j = 0; j < a.get(i).length; j++) {
        s += a.get(i)[j] * b.get(i)[j];
      }
    }
    return s;
  }

  private static double norm(List<double[]> a) {
    return Math.sqrt(dot(a, a));
  }
}
