package dev.l2l.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuadraticConfigTest {

  @Test
  void defaultsAreThePapers() {
    QuadraticConfig d = QuadraticConfig.defaults();
    assertEquals(10, d.dimension());
    assertEquals(128, d.batchSize());
    assertEquals(QuadraticConfig.Distribution.GAUSSIAN, d.distribution());
    assertEquals(new QuadraticConfig(3, 7, QuadraticConfig.Distribution.DEEPMIND),
        d.withDimension(3).withBatchSize(7).withDistribution(QuadraticConfig.Distribution.DEEPMIND));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void nonPositiveDimensionIsRefusedNamingIt(int n) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new QuadraticConfig(n, 128, QuadraticConfig.Distribution.GAUSSIAN));
    assertTrue(e.getMessage().contains("dimension") && e.getMessage().contains(Integer.toString(n)), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -5})
  void nonPositiveBatchSizeIsRefusedNamingIt(int b) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> QuadraticConfig.defaults().withBatchSize(b));
    assertTrue(e.getMessage().contains("batchSize") && e.getMessage().contains(Integer.toString(b)), e.getMessage());
  }

  @Test
  void batchesTooLargeForMemoryAreRefusedBeforeAnyArrayIsMade() {
    // 30,000,000 × 10² = 3e9 entries overflowed int in QuadraticFamily.sample (NegativeArraySizeException)
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> QuadraticConfig.defaults().withBatchSize(30_000_000));
    assertEquals("batchSize × dimension² must be at most 268435456 (W in float32, 1 GiB), got 30000000 × 10² = 3000000000",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new QuadraticConfig(Integer.MAX_VALUE, Integer.MAX_VALUE, QuadraticConfig.Distribution.GAUSSIAN));
    assertTrue(e.getMessage().endsWith("got 2147483647 × 2147483647² = more than 2^63"), e.getMessage());
    // the limit itself is accepted, one more problem is not
    QuadraticConfig largest = QuadraticConfig.defaults().withDimension(16).withBatchSize(1 << 20);
    assertEquals(QuadraticConfig.MAX_MATRIX_ENTRIES, QuadraticConfig.matrixEntries(largest.batchSize(), 16));
    assertThrows(IllegalArgumentException.class, () -> largest.withBatchSize((1 << 20) + 1));
  }

  @Test
  void missingDistributionIsRefusedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new QuadraticConfig(10, 128, null));
    assertTrue(e.getMessage().contains("distribution"), e.getMessage());
  }

  @Test
  void batchArraysOfTheWrongSizeAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new QuadraticBatch(2, 3, new float[18], new float[6], new float[5]));
    assertTrue(e.getMessage().contains("2") && e.getMessage().contains("3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new QuadraticBatch(2, 3, new float[17], new float[6], new float[6]));
    assertThrows(IllegalArgumentException.class, () -> new QuadraticBatch(2, 3, new float[18], new float[7], new float[6]));
  }
}
