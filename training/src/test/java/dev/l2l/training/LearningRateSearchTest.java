package dev.l2l.training;

import static dev.l2l.core.NumericAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.HandCraftedOptimizer;
import dev.l2l.optimizers.Sgd;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import org.junit.jupiter.api.Test;

class LearningRateSearchTest {
  private static final QuadraticFamily FAMILY =
      new QuadraticFamily(QuadraticConfig.defaults().withBatchSize(4));
  private static final ProblemSet TUNING = new ProblemSet("tuning-test", 7, 2);
  private static final int STEPS = 20;

  @Test
  void picksTheRateWithTheLowestFinalLossAndSkipsDivergedOnes() {
    // 0.001 .. 1000, one per decade: the large rates overflow float and give inf / NaN
    LearningRateGrid grid = new LearningRateGrid(1e-3, 1e3, 1);
    LearningRateSearch.Result result =
        LearningRateSearch.run(FAMILY, new Sgd(1), grid, TUNING, STEPS, SessionConfig.defaults());
    double[] rates = grid.rates();
    assertArrayEquals(rates, result.rates());
    assertEquals(7, result.finalLosses().length);

    // run every rate ourselves: in the graph, and in plain Java double precision
    int expectedBest = -1;
    int diverged = 0;
    for (int i = 0; i < rates.length; i++) {
      Curve mine = Evaluation.run(FAMILY, OptimizerFactory.of(new Sgd(rates[i])), TUNING, STEPS, SessionConfig.defaults());
      double reference = 0;
      for (int b = 0; b < TUNING.batches(); b++) {
        QuadraticBatch batch = FAMILY.sample(TUNING.batchSeed(b));
        reference += QuadraticReference.sgd(batch, rates[i], STEPS)[STEPS] / TUNING.batches();
      }
      if (Double.isFinite(mine.finalMean())) {
        // the search feeds −α to one graph; a graph with the constant gives the same bits
        assertEquals(mine.finalMean(), result.finalLosses()[i], 0.0, "rate " + rates[i]);
        if (reference < 1e3) {
          assertClose(reference, result.finalLosses()[i], 1e-3, 1e-6, "rate " + rates[i] + " vs double reference");
        }
        if (expectedBest < 0 || mine.finalMean() < result.finalLosses()[expectedBest]) {
          expectedBest = i;
        }
      } else {
        diverged++;
        assertTrue(!Double.isFinite(reference) || reference > 1e30, "the reference diverges too at " + rates[i]);
        assertEquals(Double.POSITIVE_INFINITY, result.finalLosses()[i], "a diverged rate counts as +inf");
      }
    }
    assertTrue(diverged >= 2, "the grid must contain diverging rates for this test to mean anything");
    assertTrue(expectedBest >= 0);
    assertEquals(rates[expectedBest], result.best().learningRate(), "the chosen rate");
    assertTrue(result.best() instanceof Sgd);
    for (double f : result.finalLosses()) {
      assertTrue(result.finalLosses()[expectedBest] <= f);
    }
  }

  /** Every baseline, three rates: the search's one graph with −α fed gives the bits of a graph per rate. */
  @Test
  void fedRatesGiveTheNumbersOfConstantRates() {
    LearningRateGrid grid = new LearningRateGrid(1e-3, 0.1, 1);
    for (HandCraftedOptimizer prototype : Baselines.all()) {
      LearningRateSearch.Result result =
          LearningRateSearch.run(FAMILY, prototype, grid, TUNING, STEPS, SessionConfig.defaults());
      for (int i = 0; i < grid.rates().length; i++) {
        Curve constant = Evaluation.run(FAMILY, OptimizerFactory.of(prototype.withLearningRate(grid.rates()[i])), TUNING,
            STEPS, SessionConfig.defaults());
        assertTrue(Double.isFinite(constant.finalMean()), prototype.name() + " at " + grid.rates()[i]);
        assertEquals(constant.finalMean(), result.finalLosses()[i], 0.0, prototype.name() + " at " + grid.rates()[i]);
      }
    }
  }

  @Test
  void divergingAtEveryRateIsReported() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> LearningRateSearch.run(FAMILY, new Sgd(1), new LearningRateGrid(1e3, 1e4, 1), TUNING, STEPS,
            SessionConfig.defaults()));
    assertTrue(e.getMessage().contains("SGD") && e.getMessage().contains("diverged"), e.getMessage());
  }
}
