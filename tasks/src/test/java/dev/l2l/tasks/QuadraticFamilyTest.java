package dev.l2l.tasks;

import static dev.l2l.core.NumericAsserts.assertAllClose;
import static dev.l2l.core.NumericAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.Feeds;
import dev.l2l.core.GraphSession;
import dev.l2l.core.Tensors;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The quadratic task's graph against an independent plain-Java double reference written here (and the
 * reference maths of {@link QuadraticBatch} against it too).
 */
class QuadraticFamilyTest {
  private static final int B = 6;
  private static final int N = 4;

  // ---- the test's own double-precision reference ------------------------------------------------

  /** mean_b ||W_b θ_b − y_b||². */
  static double loss(QuadraticBatch q, double[] theta) {
    int n = q.dimension();
    double total = 0;
    for (int b = 0; b < q.batchSize(); b++) {
      for (int i = 0; i < n; i++) {
        double r = 0;
        for (int j = 0; j < n; j++) {
          r += (double) q.w()[(b * n + i) * n + j] * theta[b * n + j];
        }
        r -= q.y()[b * n + i];
        total += r * r;
      }
    }
    return total / q.batchSize();
  }

  /** ∂/∂θ_b = (2/B) W_bᵀ (W_b θ_b − y_b). */
  static double[] gradient(QuadraticBatch q, double[] theta) {
    int n = q.dimension();
    int bs = q.batchSize();
    double[] g = new double[bs * n];
    for (int b = 0; b < bs; b++) {
      double[] r = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          r[i] += (double) q.w()[(b * n + i) * n + j] * theta[b * n + j];
        }
        r[i] -= q.y()[b * n + i];
      }
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          g[b * n + j] += 2.0 / bs * q.w()[(b * n + i) * n + j] * r[i];
        }
      }
    }
    return g;
  }

  static double[] centralDifferences(QuadraticBatch q, double[] theta, double h) {
    double[] g = new double[theta.length];
    for (int k = 0; k < theta.length; k++) {
      double[] plus = theta.clone();
      double[] minus = theta.clone();
      plus[k] += h;
      minus[k] -= h;
      g[k] = (loss(q, plus) - loss(q, minus)) / (2 * h);
    }
    return g;
  }

  static double[] asDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /** A θ that is exactly representable in float, so graph and reference see the same point. */
  static double[] randomTheta(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] t = new double[size];
    for (int i = 0; i < size; i++) {
      t[i] = (float) (2 * r.nextGaussian());
    }
    return t;
  }

  // ---- graph helpers ----------------------------------------------------------------------------

  /** The graph's loss and its symbolic gradient at θ: [loss, gradient...]. */
  private static double[][] graphLossAndGradient(QuadraticFamily family, QuadraticBatch q, double[] theta) {
    try (GraphSession g = new GraphSession()) {
      Ops tf = g.tf();
      TaskGraph<QuadraticBatch> task = family.build(tf);
      Placeholder<TFloat32> th = tf.placeholder(TFloat32.class, Placeholder.shape(family.parameterShape()));
      Operand<TFloat32> loss = task.loss(th, 0);
      Gradients grad = tf.gradients(loss, List.of(th));
      try (Feeds feeds = new Feeds()) {
        task.feed(feeds, q, 0);
        feeds.add(th, family.parameterShape(), Tensors.toFloats(theta));
        try (Result r = feeds.applyTo(g.session().runner()).fetch(loss).fetch(grad.dy(0)).run()) {
          return new double[][] {{Tensors.toScalar(r.get(0))}, Tensors.toDoubles(r.get(1))};
        }
      }
    }
  }

  private static QuadraticFamily family() {
    return new QuadraticFamily(QuadraticConfig.defaults().withBatchSize(B).withDimension(N));
  }

  // ---- tests ------------------------------------------------------------------------------------

  @Test
  void parameterShapeIsBatchByDimension() {
    assertEquals(org.tensorflow.ndarray.Shape.of(B, N), family().parameterShape());
    assertEquals(org.tensorflow.ndarray.Shape.of(128, 10), QuadraticFamily.defaults().parameterShape());
    assertEquals("quadratic", family().name());
  }

  @Test
  void referenceMathsOfTheBatchAgreeWithAnIndependentReference() {
    QuadraticBatch q = family().sample(11);
    for (double[] theta : List.of(asDoubles(q.initialParameters()), randomTheta(B * N, 3))) {
      assertClose(loss(q, theta), q.loss(theta), 1e-13, 0, "QuadraticBatch.loss");
      assertAllClose(gradient(q, theta), q.gradient(theta), 1e-12, 1e-14, "QuadraticBatch.gradient");
    }
  }

  @Test
  void graphLossMatchesTheDoubleReference() {
    QuadraticFamily f = family();
    QuadraticBatch q = f.sample(12);
    for (double[] theta : List.of(asDoubles(q.initialParameters()), randomTheta(B * N, 4), new double[B * N])) {
      double[][] lg = graphLossAndGradient(f, q, theta);
      assertClose(loss(q, theta), lg[0][0], 2e-6, 1e-6, "graph loss");
    }
    // a second, non-square-looking size too (the paper's n = 10, odd batch)
    QuadraticFamily f10 = new QuadraticFamily(QuadraticConfig.defaults().withBatchSize(3));
    QuadraticBatch q10 = f10.sample(13);
    double[] t0 = asDoubles(q10.initialParameters());
    assertClose(loss(q10, t0), graphLossAndGradient(f10, q10, t0)[0][0], 2e-6, 1e-6, "graph loss n = 10");
  }

  @Test
  void symbolicGradientMatchesAnalyticGradientAndFiniteDifferences() {
    QuadraticFamily f = family();
    QuadraticBatch q = f.sample(21);
    double[] theta = randomTheta(B * N, 5);
    double[] analytic = gradient(q, theta);
    double[] fd = centralDifferences(q, theta, 1e-5);
    // the analytic formula itself against finite differences in double (the loss is quadratic: the
    // central difference is exact up to rounding)
    assertAllClose(analytic, fd, 1e-7, 1e-8, "analytic vs finite differences");
    double[] symbolic = graphLossAndGradient(f, q, theta)[1];
    double scale = Arrays.stream(analytic).map(Math::abs).max().orElseThrow();
    assertAllClose(analytic, symbolic, 1e-5, 1e-6 * scale, "TensorFlow's gradient vs analytic");
    assertAllClose(fd, symbolic, 1e-5, 1e-6 * scale, "TensorFlow's gradient vs finite differences");
  }

  @Test
  void leastSquaresOptimumHasZeroGradientAndBeatsTheStart() {
    QuadraticFamily f = family();
    QuadraticBatch q = f.sample(31);
    double[] opt = q.leastSquaresOptimum();
    double[] theta0 = asDoubles(q.initialParameters());
    double start = loss(q, theta0);
    assertTrue(start > 1, "a random start is far from the optimum: " + start);
    assertTrue(loss(q, opt) < 1e-20 * Math.max(1, start) + 1e-18, "optimum loss " + loss(q, opt));
    assertClose(0, q.optimumLoss(), 0, 1e-18, "optimumLoss");
    for (double g : gradient(q, opt)) {
      assertEquals(0, g, 1e-9);
    }
    // the graph agrees that the optimum is (float-)zero loss, far below the start
    double[][] atOpt = graphLossAndGradient(f, q, opt);
    assertTrue(atOpt[0][0] < 1e-4 * start, "graph loss at the optimum " + atOpt[0][0] + " vs start " + start);
    // and any perturbation of the optimum raises the (double) loss
    double[] moved = opt.clone();
    moved[2] += 1e-3;
    assertTrue(loss(q, moved) > loss(q, opt));
  }

  @Test
  void sameSeedSameBatchDifferentSeedDifferentBatch() {
    QuadraticFamily f = family();
    QuadraticBatch a = f.sample(99);
    QuadraticBatch b = f.sample(99);
    QuadraticBatch c = f.sample(100);
    assertArrayEquals(a.w(), b.w());
    assertArrayEquals(a.y(), b.y());
    assertArrayEquals(a.initialParameters(), b.initialParameters());
    assertFalse(Arrays.equals(a.w(), c.w()));
    assertFalse(Arrays.equals(a.y(), c.y()));
    assertFalse(Arrays.equals(a.initialParameters(), c.initialParameters()));
    // initialParameters is a copy: changing it leaves the batch alone
    float[] t = a.initialParameters();
    t[0] = 1e6f;
    assertArrayEquals(b.initialParameters(), a.initialParameters());
  }

  private static double mean(float[] a) {
    double s = 0;
    for (float x : a) {
      s += x;
    }
    return s / a.length;
  }

  private static double variance(float[] a) {
    double m = mean(a);
    double s = 0;
    for (float x : a) {
      s += (x - m) * (x - m);
    }
    return s / (a.length - 1);
  }

  @Test
  void gaussianDistributionIsStandardNormal() {
    QuadraticBatch q = new QuadraticFamily(new QuadraticConfig(10, 400, QuadraticConfig.Distribution.GAUSSIAN)).sample(5);
    // W: 40 000 values, y and θ₀: 4 000 each. Tolerances ≈ 4–5 standard errors.
    assertEquals(0, mean(q.w()), 0.025);
    assertEquals(1, variance(q.w()), 0.035);
    assertEquals(0, mean(q.y()), 0.07);
    assertEquals(1, variance(q.y()), 0.1);
    assertEquals(0, mean(q.initialParameters()), 0.07);
    assertEquals(1, variance(q.initialParameters()), 0.1);
    // y and θ₀ are not the same stream
    assertFalse(Arrays.equals(q.y(), q.initialParameters()));
  }

  @Test
  void deepMindDistributionIsUniformDataAndSmallStart() {
    QuadraticBatch q = new QuadraticFamily(new QuadraticConfig(10, 400, QuadraticConfig.Distribution.DEEPMIND)).sample(5);
    assertEquals(0.5, mean(q.w()), 0.01);
    assertEquals(1.0 / 12, variance(q.w()), 0.004);
    assertEquals(0.5, mean(q.y()), 0.025);
    assertEquals(1.0 / 12, variance(q.y()), 0.01);
    for (float[] a : List.of(q.w(), q.y())) {
      for (float x : a) {
        assertTrue(x >= 0 && x < 1, "U[0, 1) value " + x);
      }
    }
    assertEquals(0, mean(q.initialParameters()), 0.001);
    assertEquals(1e-4, variance(q.initialParameters()), 1e-5);
  }
}
