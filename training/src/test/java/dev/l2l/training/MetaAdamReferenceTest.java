package dev.l2l.training;

import static dev.l2l.optimizers.ReferenceChecks.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link MetaAdam} against a plain-Java double-precision Adam (α, β₁ 0.9, β₂ 0.999, ε 1e-8, with bias
 * correction) over six steps on two weight tensors, with gradients from 1e-9 (where ε matters) to 100,
 * of both signs, and zeros.
 */
class MetaAdamReferenceTest {
  private static final double ALPHA = 0.01;
  private static final int STEPS = 6;
  private static final int[] SIZES = {4, 3};

  /** A double-precision Adam on flat arrays. */
  private static final class ReferenceAdam {
    final double alpha;
    final double beta1 = 0.9;
    final double beta2 = 0.999;
    final double epsilon = 1e-8;
    int t;
    final List<double[]> m = new ArrayList<>();
    final List<double[]> v = new ArrayList<>();

    ReferenceAdam(double alpha, int[] sizes) {
      this.alpha = alpha;
      for (int n : sizes) {
        m.add(new double[n]);
        v.add(new double[n]);
      }
    }

    void apply(List<double[]> weights, List<float[]> gradients) {
      t++;
      for (int i = 0; i < weights.size(); i++) {
        double[] w = weights.get(i);
        for (int j = 0; j < w.length; j++) {
          double g = gradients.get(i)[j];
          m.get(i)[j] = beta1 * m.get(i)[j] + (1 - beta1) * g;
          v.get(i)[j] = beta2 * v.get(i)[j] + (1 - beta2) * g * g;
          double mHat = m.get(i)[j] / (1 - Math.pow(beta1, t));
          double vHat = v.get(i)[j] / (1 - Math.pow(beta2, t));
          w[j] -= alpha * mHat / (Math.sqrt(vHat) + epsilon);
        }
      }
    }
  }

  private static List<float[]> initialWeights() {
    return List.of(new float[] {0.5f, -1.25f, 3f, 0f}, new float[] {-0.75f, 2f, 0.1f});
  }

  /** Gradients of step t: per coordinate a fixed scale, a random factor in [0.5, 2] and a random sign. */
  private static List<List<float[]>> gradients() {
    double[][] scales = {{1e-9, 1e-3, 1, 100}, {0.3, 0, 5}};
    SplittableRandom random = new SplittableRandom(1606_04474L);
    List<List<float[]>> out = new ArrayList<>();
    for (int t = 0; t < STEPS; t++) {
      List<float[]> step = new ArrayList<>();
      for (double[] s : scales) {
        float[] g = new float[s.length];
        for (int j = 0; j < s.length; j++) {
          g[j] = (float) (s[j] * (0.5 + 1.5 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1));
        }
        step.add(g);
      }
      out.add(step);
    }
    return out;
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  @Test
  void matchesDoublePrecisionAdamForSixSteps() {
    MetaAdam adam = new MetaAdam(ALPHA, List.of(SIZES[0], SIZES[1]));
    ReferenceAdam reference = new ReferenceAdam(ALPHA, SIZES);
    List<float[]> weights = initialWeights();
    List<double[]> expected = new ArrayList<>();
    for (float[] w : weights) {
      expected.add(toDoubles(w));
    }
    List<List<float[]>> gradients = gradients();
    for (int t = 0; t < STEPS; t++) {
      weights = adam.apply(weights, gradients.get(t));
      reference.apply(expected, gradients.get(t));
      assertEquals(t + 1, adam.step());
      for (int i = 0; i < SIZES.length; i++) {
        String at = "step " + t + " tensor " + i;
        // MetaAdam keeps φ in float: its rounding (≤ 6e-8 |φ| a step) is far below 1e-6; any wrong
        // constant moves a step of size ~α by much more.
        assertClose(at + " weights", expected.get(i), toDoubles(weights.get(i)), 1e-6, 1e-7);
        assertClose(at + " m", reference.m.get(i), adam.firstMoments().get(i), 1e-12, 0);
        assertClose(at + " v", reference.v.get(i), adam.secondMoments().get(i), 1e-12, 0);
      }
    }
  }

  /** A MetaAdam resumed from a saved step and moments continues exactly as the uninterrupted one. */
  @Test
  void resumedOptimizerContinuesExactly() {
    List<List<float[]>> gradients = gradients();
    MetaAdam whole = new MetaAdam(ALPHA, List.of(SIZES[0], SIZES[1]));
    List<float[]> weights = initialWeights();
    for (int t = 0; t < 3; t++) {
      weights = whole.apply(weights, gradients.get(t));
    }
    MetaAdam resumed = new MetaAdam(ALPHA, whole.step(), whole.firstMoments(), whole.secondMoments());
    List<float[]> resumedWeights = weights;
    for (int t = 3; t < STEPS; t++) {
      weights = whole.apply(weights, gradients.get(t));
      resumedWeights = resumed.apply(resumedWeights, gradients.get(t));
    }
    assertEquals(STEPS, resumed.step());
    for (int i = 0; i < SIZES.length; i++) {
      assertArrayEquals(weights.get(i), resumedWeights.get(i));
    }
  }

  /** apply returns new arrays and leaves its inputs alone (the trainer keeps the best weights by reference). */
  @Test
  void applyDoesNotModifyItsInput() {
    List<float[]> weights = initialWeights();
    new MetaAdam(ALPHA, List.of(SIZES[0], SIZES[1])).apply(weights, gradients().get(0));
    assertArrayEquals(new float[] {0.5f, -1.25f, 3f, 0f}, weights.get(0));
    assertArrayEquals(new float[] {-0.75f, 2f, 0.1f}, weights.get(1));
  }
}
