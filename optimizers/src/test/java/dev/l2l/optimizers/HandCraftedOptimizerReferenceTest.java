package dev.l2l.optimizers;

import static dev.l2l.optimizers.ReferenceChecks.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.l2l.optimizers.OptimizerGraphRunner.StepValues;
import dev.l2l.optimizers.ReferenceHandCraftedOptimizers.Reference;
import dev.l2l.optimizers.ReferenceHandCraftedOptimizers.Step;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/**
 * Each hand-crafted optimizer's graph transform, chained over six steps, against the double-precision
 * reference of its documented update rule: the update and every state tensor at every step.
 *
 * <p>The main cases use hyper-parameters that float32 represents exactly (0.875, 0.9921875, ...), so the
 * only difference left is float arithmetic and the tolerance can be 1e-5 relative. The tolerance is
 * relative to the magnitude of the terms (the reference run on |∇f|), so float cancellation in
 * μ v + ∇f does not fail the test while any wrong constant or term does.
 */
class HandCraftedOptimizerReferenceTest {
  private static final Shape SHAPE = Shape.of(2, 4);
  private static final int STEPS = 6;
  private static final double RTOL = 1e-5;

  /**
   * Gradients [step][coordinate]: per coordinate a scale (tiny 1e-9 where Adam's and RMSprop's ε
   * matters, 1e-3, 0.1, 1, 3, 40, always zero, and 1 with zeros at some steps) times a random factor
   * of random sign in [0.5, 2].
   */
  static float[][] gradients() {
    double[] scales = {1e-9, 1e-3, 0.1, 1, 3, 40, 0, 1};
    SplittableRandom random = new SplittableRandom(20160614);
    float[][] g = new float[STEPS][scales.length];
    for (int t = 0; t < STEPS; t++) {
      for (int i = 0; i < scales.length; i++) {
        double factor = (0.5 + 1.5 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
        g[t][i] = (float) (scales[i] * factor);
      }
      if (t % 2 == 1) {
        g[t][7] = 0f;
      }
    }
    return g;
  }

  private static double[][] asDoubles(float[][] g, boolean absolute) {
    double[][] d = new double[g.length][];
    for (int t = 0; t < g.length; t++) {
      d[t] = OptimizerGraphRunner.toDoubles(g[t]);
      if (absolute) {
        for (int i = 0; i < d[t].length; i++) {
          d[t][i] = Math.abs(d[t][i]);
        }
      }
    }
    return d;
  }

  /** Runs the graph and the reference on the same gradients and compares every step. */
  static void check(HandCraftedOptimizer optimizer, Reference reference, double rtol) {
    float[][] g = gradients();
    List<StepValues> graph = OptimizerGraphRunner.run(tf -> optimizer, SHAPE, g);
    List<Step> expected = ReferenceHandCraftedOptimizers.run(reference, asDoubles(g, false));
    List<Step> magnitude = ReferenceHandCraftedOptimizers.run(reference, asDoubles(g, true));
    assertEquals(STEPS, graph.size());
    for (int t = 0; t < STEPS; t++) {
      String at = optimizer.name() + " step " + t;
      assertClose(at + " update", expected.get(t).update(), graph.get(t).update(), magnitude.get(t).update(), rtol, 0);
      assertEquals(expected.get(t).state().size(), graph.get(t).state().size(), at + " state count");
      for (int i = 0; i < expected.get(t).state().size(); i++) {
        assertClose(
            at + " state " + i, expected.get(t).state().get(i), graph.get(t).state().get(i),
            magnitude.get(t).state().get(i), rtol, 0);
      }
    }
  }

  @Test
  void sgdMatchesReference() {
    check(new Sgd(0.375), ReferenceHandCraftedOptimizers.sgd(0.375), RTOL);
  }

  @Test
  void momentumMatchesReference() {
    check(new Momentum(0.25, 0.875), ReferenceHandCraftedOptimizers.momentum(0.25, 0.875), RTOL);
  }

  @Test
  void nagMatchesReference() {
    check(new Nag(0.25, 0.875), ReferenceHandCraftedOptimizers.nag(0.25, 0.875), RTOL);
  }

  @Test
  void rmsPropMatchesReference() {
    check(new RmsProp(0.0625, 0.75, 1e-8), ReferenceHandCraftedOptimizers.rmsProp(0.0625, 0.75, 1e-8), RTOL);
  }

  @Test
  void adamMatchesReference() {
    check(
        new Adam(0.125, 0.875, 0.9921875, 1e-8),
        ReferenceHandCraftedOptimizers.adam(0.125, 0.875, 0.9921875, 1e-8), RTOL);
  }

  /**
   * The documented defaults (momentum 0.9; RMSprop 0.9, 1e-8; Adam 0.9, 0.999, 1e-8). 0.9 and 0.999 are
   * not exact in float32: 1 − 0.999^t loses about 1e-5 of its relative precision, so Adam and RMSprop get
   * 5e-5 here (a wrong default, e.g. β₂ 0.99, is off by far more).
   */
  @Test
  void defaultsMatchDocumentedConstants() {
    check(new Momentum(0.5), ReferenceHandCraftedOptimizers.momentum(0.5, 0.9), RTOL);
    check(new Nag(0.5), ReferenceHandCraftedOptimizers.nag(0.5, 0.9), RTOL);
    check(new RmsProp(0.01), ReferenceHandCraftedOptimizers.rmsProp(0.01, 0.9, 1e-8), 5e-5);
    check(new Adam(0.01), ReferenceHandCraftedOptimizers.adam(0.01, 0.9, 0.999, 1e-8), 5e-5);
  }

  /** withLearningRate keeps the other constants: checked through the numbers. */
  @Test
  void withLearningRateKeepsTheOtherConstants() {
    check(
        new Adam(3.0, 0.875, 0.9921875, 1e-8).withLearningRate(0.125),
        ReferenceHandCraftedOptimizers.adam(0.125, 0.875, 0.9921875, 1e-8), RTOL);
    check(new Nag(3.0, 0.875).withLearningRate(0.25), ReferenceHandCraftedOptimizers.nag(0.25, 0.875), RTOL);
    check(
        new RmsProp(3.0, 0.75, 1e-8).withLearningRate(0.0625),
        ReferenceHandCraftedOptimizers.rmsProp(0.0625, 0.75, 1e-8), RTOL);
  }
}
