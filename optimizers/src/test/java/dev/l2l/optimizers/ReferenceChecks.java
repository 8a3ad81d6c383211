package dev.l2l.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Test support: element-wise comparison of graph results with double-precision references. */
public final class ReferenceChecks {
  private ReferenceChecks() {}

  /**
   * Asserts |actual_i − expected_i| ≤ rtol · max(|expected_i|, scale_i) + atol for every i, where
   * {@code scale} (may be null) gives the magnitude of the terms that produced expected_i, so that
   * cancellation in float does not fail the check while any real error does.
   */
  public static void assertClose(
      String what, double[] expected, double[] actual, double[] scale, double rtol, double atol) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double magnitude = Math.abs(expected[i]);
      if (scale != null) {
        magnitude = Math.max(magnitude, Math.abs(scale[i]));
      }
      double tolerance = rtol * magnitude + atol;
      if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) {
        fail(String.format(
            "%s[%d]: expected %.9g, got %.9g (difference %.3g > tolerance %.3g)",
            what, i, expected[i], actual[i], Math.abs(actual[i] - expected[i]), tolerance));
      }
    }
  }

  public static void assertClose(String what, double[] expected, double[] actual, double rtol, double atol) {
    assertClose(what, expected, actual, null, rtol, atol);
  }
}
