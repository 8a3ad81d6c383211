package dev.l2l.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The spike test of meta-gradient norms: warm-up, median of a sliding window, the factor. */
class GradientNormsTest {
  @Test
  void nothingIsASpikeDuringTheWarmUp() {
    GradientNorms norms = new GradientNorms(new double[0]);
    for (int i = 0; i < GradientNorms.WARM_UP - 1; i++) {
      assertFalse(norms.isSpike(1e30), "after " + i + " norms");
      norms.add(1.0);
    }
    assertFalse(norms.isSpike(1e30), "19 norms are not enough");
    norms.add(1.0);
    assertTrue(norms.isSpike(1e30), "20 are");
  }

  @Test
  void aSpikeIsAboveTheFactorTimesTheMedian() {
    // 1, 2, ..., 21 plus an outlier of 1e9: the median is 11.5, the outlier does not move it much
    GradientNorms norms = new GradientNorms(new double[0]);
    for (int i = 1; i <= 21; i++) {
      norms.add(i);
    }
    norms.add(1e9);
    assertEquals(11.5, norms.median(), 0, "22 values: the mean of the 11th and 12th, 11 and 12");
    assertFalse(norms.isSpike(11.5 * GradientNorms.SPIKE_FACTOR), "exactly the factor is not a spike");
    assertTrue(norms.isSpike(Math.nextUp(11.5 * GradientNorms.SPIKE_FACTOR)));
  }

  @Test
  void onlyTheLastWindowCounts() {
    GradientNorms norms = new GradientNorms(new double[0]);
    for (int i = 0; i < GradientNorms.WINDOW; i++) {
      norms.add(1000);
    }
    for (int i = 0; i < GradientNorms.WINDOW / 2 + 1; i++) {
      norms.add(1);
    }
    assertEquals(1, norms.median(), 0, "51 of the last 100 are 1");
    assertEquals(GradientNorms.WINDOW, norms.toArray().length);
    assertTrue(norms.isSpike(1001), "the old scale (1000) is forgotten");
  }

  @Test
  void aWindowRebuiltFromItsArrayDecidesTheSame() {
    GradientNorms norms = new GradientNorms(new double[0]);
    for (int i = 0; i < 150; i++) {
      norms.add(Math.exp(Math.sin(i)));
    }
    GradientNorms copy = new GradientNorms(norms.toArray());
    assertArrayEquals(norms.toArray(), copy.toArray(), 0);
    assertEquals(norms.median(), copy.median(), 0);
  }
}
