package dev.l2l.optimizers.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The architecture's size limits and the tensor count a reader checks before building the shapes. */
class LstmConfigTest {
  @Test
  void tensorCountIsTheNumberOfWeightSpecs() {
    for (int layers : new int[] {1, 2, 5}) {
      for (Preprocessing p : Preprocessing.values()) {
        LstmConfig c = LstmConfig.defaults().withLayers(layers).withPreprocessing(p).withHiddenUnits(3);
        assertEquals(c.weightSpecs().size(), c.tensorCount(), c.toString());
      }
    }
    assertEquals(4_000_000_002L, LstmConfig.defaults().withLayers(2_000_000_000).tensorCount(), "no int overflow");
  }

  @Test
  void theLargestLayerStillFitsAJavaArrayAndOneMoreUnitIsRefused() {
    LstmConfig largest = LstmConfig.defaults().withHiddenUnits(LstmConfig.MAX_HIDDEN_UNITS);
    long biggest = 0;
    for (LstmConfig.WeightSpec spec : largest.weightSpecs()) {
      biggest = Math.max(biggest, spec.size());
    }
    assertEquals(8L * 16_383 * 16_383, biggest, "the second layer's kernel, [2H, 4H]");
    assertTrue(biggest <= Integer.MAX_VALUE - 8, "fits a Java array: " + biggest);
    assertTrue(8L * 16_384 * 16_384 > Integer.MAX_VALUE - 8, "one unit more would not");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LstmConfig.defaults().withHiddenUnits(LstmConfig.MAX_HIDDEN_UNITS + 1));
    assertEquals("hiddenUnits must be from 1 to 16383 (a larger layer's kernel does not fit a Java array), got 16384",
        e.getMessage());
  }
}
