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
