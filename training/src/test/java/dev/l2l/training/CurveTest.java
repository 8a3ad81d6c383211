package dev.l2l.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class CurveTest {

  @Test
  void meanAndSampleStandardDeviationPerStep() {
    double[][] perBatch = {
      {4.0, 2.0, 1.0, 0.5},
      {6.0, 2.5, 0.25, 0.5},
      {11.0, 0.5, 1.0, 0.5},
    };
    Curve c = Curve.of("SGD", perBatch);
    assertEquals("SGD", c.name());
    assertEquals(3, c.steps());
    double[] mean = new double[4];
    double[] std = new double[4];
    for (int t = 0; t < 4; t++) {
      double s = 0;
      for (double[] b : perBatch) {
        s += b[t];
      }
      mean[t] = s / 3;
      double ss = 0;
      for (double[] b : perBatch) {
        ss += (b[t] - mean[t]) * (b[t] - mean[t]);
      }
      std[t] = Math.sqrt(ss / 2); // across batches, n − 1 in the denominator
    }
    assertArrayEquals(mean, c.mean(), 1e-12);
    assertArrayEquals(std, c.std(), 1e-12);
    assertEquals(7.0, c.mean()[0], 1e-12);
    assertEquals(Math.sqrt(13.0), c.std()[0], 1e-12);
    assertEquals(0.0, c.std()[3], 0.0);
    assertEquals(0.5, c.finalMean(), 0.0);
    assertSame(perBatch, c.perBatch());
    Curve renamed = c.withName("Adam");
    assertEquals("Adam", renamed.name());
    assertArrayEquals(c.mean(), renamed.mean());
  }

  @Test
  void oneBatchHasZeroSpread() {
    Curve c = Curve.of("x", new double[][] {{3, 2, 1}});
    assertArrayEquals(new double[] {3, 2, 1}, c.mean());
    assertArrayEquals(new double[] {0, 0, 0}, c.std());
  }
}
