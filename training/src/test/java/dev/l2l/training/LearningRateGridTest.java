package dev.l2l.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateGridTest {

  private static void assertLogSpaced(double[] r, double min, double max) {
    assertEquals(min, r[0], 1e-12 * min, "first rate");
    assertEquals(max, r[r.length - 1], 1e-12 * max, "last rate");
    double ratio = Math.pow(max / min, 1.0 / (r.length - 1));
    for (int i = 1; i < r.length; i++) {
      assertEquals(ratio, r[i] / r[i - 1], 1e-12, "ratio between rates " + (i - 1) + " and " + i);
    }
  }

  @Test
  void defaultIsFourPerDecadeOverOneEMinus4ToTen() {
    double[] r = LearningRateGrid.defaults().rates();
    assertEquals(21, r.length, "5 decades × 4 + 1 (both ends included)");
    assertLogSpaced(r, 1e-4, 10);
    assertEquals(1e-3, r[4], 1e-15);
    assertEquals(1.0, r[16], 1e-12);
    assertEquals(Math.pow(10, -3.75), r[1], 1e-16);
  }

  @Test
  void theSeedsGridIsSevenPointsOverOneHundredthToTen() {
    double[] r = new LearningRateGrid(0.01, 10, 2).rates();
    assertEquals(7, r.length);
    assertLogSpaced(r, 0.01, 10);
    assertEquals(Math.sqrt(10) * 0.01, r[1], 1e-15);
  }

  @Test
  void fractionalDecadesRoundToTheNearestNumberOfIntervals() {
    // log10(0.5 / 1e-3) = 2.699 decades × 4 = 10.8 → 11 intervals, 12 rates, still ending exactly at max
    double[] r = new LearningRateGrid(1e-3, 0.5, 4).rates();
    assertEquals(12, r.length);
    assertLogSpaced(r, 1e-3, 0.5);
  }

  @Test
  void aOnePointGridIsJustThatPoint() {
    double[] r = new LearningRateGrid(0.3, 0.3, 4).rates();
    assertEquals(1, r.length);
    assertEquals(0.3, r[0]);
  }

  @Test
  void badBoundsAreRefusedNamingMinAndMax() {
    double[][] bad = {{0, 1}, {-1e-3, 1}, {1, 0.5}, {Double.NaN, 1}, {1e-3, Double.NaN}, {1e-3, Double.POSITIVE_INFINITY}};
    for (double[] b : bad) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new LearningRateGrid(b[0], b[1], 4), "[" + b[0] + ", " + b[1] + "]");
      assertTrue(e.getMessage().contains("min") && e.getMessage().contains("max")
          && e.getMessage().contains(Double.toString(b[0])), e.getMessage());
    }
  }

  @Test
  void anEmptyGridIsRefusedNamingPointsPerDecade() {
    for (int p : new int[] {0, -4}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new LearningRateGrid(1e-4, 10, p));
      assertTrue(e.getMessage().contains("pointsPerDecade") && e.getMessage().contains("empty")
          && e.getMessage().contains(Integer.toString(p)), e.getMessage());
    }
  }
}
