package dev.l2l.training;

import static dev.l2l.core.NumericAsserts.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.SessionConfig;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Meta-gradient clipping by global norm ({@code --clip-norm}): two outer steps of one unroll each, checked
 * against a plain-Java computation of the clipped gradient and of Adam on it (β₁ 0.9, β₂ 0.999, ε 1e-8,
 * bias-corrected), written out here in the same double-precision arithmetic, so the weights and moments must
 * agree bit for bit. Adam's first moment after one step is (1 − β₁) × the gradient it was given, which shows
 * directly whether that gradient was clipped.
 */
class MetaGradientClippingTest {
  private static final QuadraticFamily FAMILY = new QuadraticFamily(QuadraticConfig.defaults().withBatchSize(8));
  private static final double RATE = 0.01;

  private static MetaTrainingConfig config(double clipNorm) {
    return MetaTrainingConfig.defaults().withOuterSteps(2).withUnroll(5, 1).withValidation(1, 1)
        .withMetaLearningRate(RATE).withSeed(11).withClipNorm(clipNorm);
  }

  private static double norm(List<float[]> gradients) {
    double sq = 0;
    for (float[] g : gradients) {
      for (float x : g) {
        sq += (double) x * x;
      }
    }
    return Math.sqrt(sq);
  }

  /** The gradients scaled to global norm {@code clip} when theirs is larger. */
  private static List<float[]> clipped(List<float[]> gradients, double clip) {
    double n = norm(gradients);
    List<float[]> out = new ArrayList<>();
    for (float[] g : gradients) {
      float[] c = g.clone();
      if (clip > 0 && n > clip) {
        for (int i = 0; i < c.length; i++) {
          c[i] = (float) (g[i] * (clip / n));
        }
      }
      out.add(c);
    }
    return out;
  }

  /** Plain-Java Adam: weights, first and second moments, step count. */
  private static final class Adam {
    final List<float[]> w = new ArrayList<>();
    final List<double[]> m = new ArrayList<>();
    final List<double[]> v = new ArrayList<>();
    int t;

    Adam(List<float[]> weights) {
      for (float[] a : weights) {
        w.add(a.clone());
        m.add(new double[a.length]);
        v.add(new double[a.length]);
      }
    }

    void step(List<float[]> gradients) {
      t++;
      for (int i = 0; i < w.size(); i++) {
        for (int j = 0; j < w.get(i).length; j++) {
          double g = gradients.get(i)[j];
          m.get(i)[j] = 0.9 * m.get(i)[j] + (1 - 0.9) * g;
          v.get(i)[j] = 0.999 * v.get(i)[j] + (1 - 0.999) * g * g;
          double mHat = m.get(i)[j] / (1 - Math.pow(0.9, t));
          double vHat = v.get(i)[j] / (1 - Math.pow(0.999, t));
          w.get(i)[j] = (float) (w.get(i)[j] - RATE * mHat / (Math.sqrt(vHat) + 1e-8));
        }
      }
    }
  }

  /**
   * Trains two outer steps with {@code clipNorm} (as a fraction of the first gradient's norm when {@code
   * relative}) and checks every step against the reference; returns the norms of the raw gradients.
   */
  private static double[] checkTwoSteps(double clipNorm, boolean relative) {
    double[] norms = new double[2];
    try (MetaTrainer<QuadraticBatch> probe = new MetaTrainer<>(FAMILY, config(0), SessionConfig.defaults())) {
      QuadraticBatch first = probe.trainingBatch(0);
      norms[0] = norm(probe.unroll(probe.initialState().weights(), first, probe.start(first), 0).gradients());
    }
    double clip = relative ? clipNorm * norms[0] : clipNorm;
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(FAMILY, config(clip), SessionConfig.defaults())) {
      TrainingState initial = trainer.initialState();
      List<TrainingState> snapshots = new ArrayList<>();
      trainer.train(initial, p -> {}, snapshots::add);
      assertEquals(2, snapshots.size());
      Adam reference = new Adam(initial.weights());
      List<float[]> weights = initial.weights();
      for (int outer = 0; outer < 2; outer++) {
        QuadraticBatch batch = trainer.trainingBatch(outer);
        List<float[]> raw = trainer.unroll(weights, batch, trainer.start(batch), 0).gradients();
        norms[outer] = norm(raw);
        reference.step(clipped(raw, clip));
        TrainingState s = snapshots.get(outer);
        assertEquals(outer + 1, s.adamStep());
        for (int i = 0; i < raw.size(); i++) {
          String at = "outer step " + outer + ", tensor " + i;
          assertArrayEquals(reference.m.get(i), s.adamFirstMoments().get(i), 0, at + ": first moment");
          assertArrayEquals(reference.v.get(i), s.adamSecondMoments().get(i), 0, at + ": second moment");
          assertBitIdentical(reference.w.get(i), s.weights().get(i), at + ": weights");
        }
        weights = s.weights();
      }
    }
    return norms;
  }

  @Test
  void clippingGivesTheAdamStepOnTheClippedGradient() {
    // a clip at a quarter of the first norm: both gradients are clipped, each by its own factor
    double[] norms = checkTwoSteps(0.25, true);
    double clip = 0.25 * norms[0];
    assertTrue(norms[1] > clip, "the second gradient is clipped too: " + norms[1] + " > " + clip);
    // (an unclipped first step would leave m = (1 − β₁) g, four times the clipped moment checked above)
  }

  @Test
  void aClipAboveTheNormChangesNothing() {
    double[] norms = checkTwoSteps(1e30, false);
    assertTrue(norms[0] < 1e30 && norms[1] < 1e30);
  }

  @Test
  void clippingIsOffByDefault() {
    assertEquals(0, MetaTrainingConfig.defaults().clipNorm());
    assertEquals(0, ReproductionConfig.defaults().training().clipNorm());
    assertEquals(0, ReproductionConfig.smoke().training().clipNorm());
    assertEquals(0, MnistReproduction.Config.defaults().training().clipNorm());
    // and with it off, Adam gets the raw gradient even when its norm is large
    double[] norms = checkTwoSteps(0, false);
    assertTrue(norms[0] > 1 && norms[1] > 1, "gradients any clip norm of 1 or less would have clipped: "
        + norms[0] + ", " + norms[1]);
  }
}
