package dev.l2l.training;

import static dev.l2l.core.NumericAsserts.assertAllClose;
import static dev.l2l.core.NumericAsserts.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.Adam;
import dev.l2l.optimizers.Momentum;
import dev.l2l.optimizers.Sgd;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InnerLoopTest {
  private static final QuadraticFamily FAMILY =
      new QuadraticFamily(QuadraticConfig.defaults().withBatchSize(8));
  private static final double LR = 0.1;

  private static double[] prefix(double[] a, int steps) {
    return Arrays.copyOf(a, steps + 1);
  }

  @Test
  void sgdMatchesTheDoubleReferenceAtEveryStep() {
    QuadraticBatch batch = FAMILY.sample(1);
    double[] reference = QuadraticReference.sgd(batch, LR, 30);
    assertTrue(reference[30] < 0.5 * reference[0], "the reference must actually descend: " + Arrays.toString(reference));
    try (InnerLoop<QuadraticBatch> loop = new InnerLoop<>(FAMILY, OptimizerFactory.of(new Sgd(LR)))) {
      assertEquals("SGD", loop.optimizerName());
      double[] losses = loop.run(batch, 30); // 30 = one full unroll of 20 and a partial one
      assertEquals(31, losses.length);
      assertAllClose(reference, losses, 1e-4, 1e-6, "SGD loss per step");
    }
  }

  @Test
  void theTrajectoryKeepsThetaAtEveryUnrollBoundary() {
    QuadraticBatch batch = FAMILY.sample(5);
    try (InnerLoop<QuadraticBatch> loop =
        new InnerLoop<>(FAMILY, OptimizerFactory.of(new Momentum(0.05)), 10, SessionConfig.defaults())) {
      Unroll.Trajectory t = loop.trajectory(batch, 25);
      assertBitIdentical(loop.run(batch, 25), t.losses(), "trajectory losses = run losses");
      assertEquals(java.util.Set.of(10, 20), t.parameters().keySet(), "θ after each whole unroll");
      for (int step : new int[] {10, 20}) {
        double[] theta = dev.l2l.core.NumericAsserts.toDoubles(t.parameters().get(step));
        assertEquals(t.losses()[step], batch.loss(theta), 1e-4 * t.losses()[step], "f(θ_" + step + ") from the kept θ");
      }
    }
  }

  @Test
  void runningTwiceAddsNoOpsAndRepeatsTheNumbers() {
    QuadraticBatch batch = FAMILY.sample(2);
    try (InnerLoop<QuadraticBatch> loop =
        new InnerLoop<>(FAMILY, OptimizerFactory.of(new Adam(0.1)), 10, SessionConfig.defaults())) {
      int ops = loop.operationCount();
      assertTrue(ops > 50, "the unrolled graph has ops: " + ops);
      double[] first = loop.run(batch, 25);
      assertEquals(ops, loop.operationCount(), "running must not add ops");
      double[] second = loop.run(batch, 25);
      assertEquals(ops, loop.operationCount(), "running must not add ops");
      assertBitIdentical(first, second, "second run from θ₀ with a fresh state");
      loop.run(FAMILY.sample(3), 7);
      assertBitIdentical(first, loop.run(batch, 25), "a run on another batch leaves nothing behind");
    }
  }

  @Test
  void stepsThatAreNotAMultipleOfTheUnrollWork() {
    QuadraticBatch batch = FAMILY.sample(4);
    double[] reference = QuadraticReference.sgd(batch, LR, 23);
    try (InnerLoop<QuadraticBatch> loop =
        new InnerLoop<>(FAMILY, OptimizerFactory.of(new Sgd(LR)), 7, SessionConfig.defaults())) {
      for (int steps : new int[] {1, 6, 7, 8, 14, 23}) {
        double[] losses = loop.run(batch, steps);
        assertEquals(steps + 1, losses.length);
        assertAllClose(prefix(reference, steps), losses, 1e-4, 1e-6, steps + " steps with unroll 7");
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.run(batch, 0));
      assertTrue(e.getMessage().contains("steps"), e.getMessage());
    }
  }

  /** θ and the optimizer's state carry over between unrolls: unroll 6 and unroll 23 agree with the reference. */
  @Test
  void stateCarriesAcrossUnrollBoundaries() {
    QuadraticBatch batch = FAMILY.sample(5);
    double lr = 0.05;
    double[] reference = QuadraticReference.momentum(batch, lr, 0.9, 23);
    for (int unroll : new int[] {6, 23}) {
      try (InnerLoop<QuadraticBatch> loop = new InnerLoop<>(
          FAMILY, OptimizerFactory.of(new Momentum(lr, 0.9)), unroll, SessionConfig.defaults())) {
        assertAllClose(reference, loop.run(batch, 23), 2e-4, 1e-6, "momentum, unroll " + unroll);
      }
    }
    // Adam's state includes its step count: one long unroll and several short ones must agree
    try (InnerLoop<QuadraticBatch> shortUnrolls =
            new InnerLoop<>(FAMILY, OptimizerFactory.of(new Adam(0.1)), 4, SessionConfig.defaults());
        InnerLoop<QuadraticBatch> oneUnroll =
            new InnerLoop<>(FAMILY, OptimizerFactory.of(new Adam(0.1)), 18, SessionConfig.defaults())) {
      assertAllClose(oneUnroll.run(batch, 18), shortUnrolls.run(batch, 18), 1e-4, 1e-6, "Adam, unroll 4 vs 18");
    }
  }

  @Test
  void badUnrollLengthIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new InnerLoop<>(FAMILY, OptimizerFactory.of(new Sgd(LR)), 0, SessionConfig.defaults()));
    assertTrue(e.getMessage().contains("unroll"), e.getMessage());
  }
}
