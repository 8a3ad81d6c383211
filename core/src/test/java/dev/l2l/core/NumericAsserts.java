package dev.l2l.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Element-wise comparisons of graph results with plain-Java double-precision references, shared by the
 * tests of every module (core builds a test-jar).
 */
public final class NumericAsserts {
  private NumericAsserts() {}

  /** Asserts |expected[i] − actual[i]| ≤ atol + rtol·|expected[i]| for every i, naming the first failure. */
  public static void assertAllClose(double[] expected, double[] actual, double rtol, double atol, String what) {
    assertEquals(expected.length, actual.length, what + ": lengths differ");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      if (!(Math.abs(e - a) <= atol + rtol * Math.abs(e))) {
        fail(what + ": element " + i + " expected " + e + " but was " + a + " (|diff| " + Math.abs(e - a)
            + " > atol " + atol + " + rtol " + rtol + " × |expected|)");
      }
    }
  }

  /** {@link #assertAllClose(double[], double[], double, double, String)} for float results. */
  public static void assertAllClose(double[] expected, float[] actual, double rtol, double atol, String what) {
    assertAllClose(expected, toDoubles(actual), rtol, atol, what);
  }

  /** One scalar, same rule. */
  public static void assertClose(double expected, double actual, double rtol, double atol, String what) {
    assertAllClose(new double[] {expected}, new double[] {actual}, rtol, atol, what);
  }

  public static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /** Asserts the two arrays hold bit-identical floats. */
  public static void assertBitIdentical(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": lengths differ");
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        fail(what + ": element " + i + " differs: " + expected[i] + " vs " + actual[i]);
      }
    }
  }

  /** Asserts the two arrays hold bit-identical doubles. */
  public static void assertBitIdentical(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": lengths differ");
    for (int i = 0; i < expected.length; i++) {
      if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
        fail(what + ": element " + i + " differs: " + expected[i] + " vs " + actual[i]);
      }
    }
  }
}
