package dev.l2l.optimizers.learned;

import static dev.l2l.optimizers.ReferenceChecks.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.l2l.core.GraphSession;
import dev.l2l.optimizers.OptimizerGraphRunner;
import dev.l2l.optimizers.OptimizerGraphRunner.StepValues;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

class RowBlocksTest {
  @Test
  void defaultSplitsOnlyLargeRowCountsInTwo() {
    assertArrayEquals(new long[] {160}, RowBlocks.DEFAULT.sizes(160));
    assertArrayEquals(new long[] {511}, RowBlocks.DEFAULT.sizes(511));
    assertArrayEquals(new long[] {256, 256}, RowBlocks.DEFAULT.sizes(512));
    assertArrayEquals(new long[] {512, 511}, RowBlocks.DEFAULT.sizes(1023));
    assertArrayEquals(new long[] {640, 640}, RowBlocks.DEFAULT.sizes(1280));
    assertArrayEquals(new long[] {7955, 7955}, RowBlocks.DEFAULT.sizes(15910));
    assertArrayEquals(new long[] {1_000_000}, RowBlocks.ONE.sizes(1_000_000));
  }

  @Test
  void unevenRowsGoToTheFirstBlocks() {
    assertArrayEquals(new long[] {4, 3, 3}, new RowBlocks(3, 1).sizes(10));
    assertArrayEquals(new long[] {1, 1}, new RowBlocks(3, 1).sizes(2));
    assertArrayEquals(new long[] {5}, new RowBlocks(3, 4).sizes(5));
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RowBlocks(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new RowBlocks(2, 0));
    assertThrows(IllegalArgumentException.class, () -> RowBlocks.DEFAULT.sizes(0));
  }

  @Test
  void stateShapesFollowTheBlocks() {
    LstmConfig config = LstmConfig.defaults();
    try (GraphSession graph = new GraphSession()) {
      List<Shape> blocked =
          new LstmOptimizer(config, LstmOptimizerReferenceTest.constants(graph.tf(), LstmWeights.initial(config, 1)))
              .stateShapes(Shape.of(128, 10));
      assertEquals(Collections.nCopies(8, Shape.of(640, 20)), blocked);
      List<Shape> one =
          new LstmOptimizer(config, LstmOptimizerReferenceTest.constants(graph.tf(), LstmWeights.initial(config, 1)),
                  LstmExecution.DEFAULT.withRowBlocks(RowBlocks.ONE))
              .stateShapes(Shape.of(128, 10));
      assertEquals(Collections.nCopies(4, Shape.of(1280, 20)), one);
      List<Shape> unknown =
          new LstmOptimizer(config, LstmOptimizerReferenceTest.constants(graph.tf(), LstmWeights.initial(config, 1)))
              .stateShapes(Shape.of(-1, 10));
      // Shape.equals never holds for unknown sizes: compare the printed shapes
      assertEquals(Collections.nCopies(4, "[-1, 20]"), unknown.stream().map(Shape::toString).toList());
    }
  }

  /** The paper's batch (1,280 coordinates) in one block and in the default two: the same updates. */
  @Test
  void twoBlocksGiveTheUpdatesOfOne() {
    LstmConfig config = LstmConfig.defaults();
    LstmWeights weights = ReferenceLstm.perturbedWeights(config, 3);
    Shape shape = Shape.of(128, 10);
    Random random = new Random(5);
    float[][] gradients = new float[3][1280];
    for (float[] g : gradients) {
      for (int i = 0; i < g.length; i++) {
        g[i] = (float) (random.nextGaussian() * Math.exp(4 * random.nextGaussian()));
      }
    }
    List<StepValues> one = OptimizerGraphRunner.run(
        tf -> new LstmOptimizer(config, LstmOptimizerReferenceTest.constants(tf, weights), LstmExecution.DEFAULT.withRowBlocks(RowBlocks.ONE)), shape, gradients);
    List<StepValues> two = OptimizerGraphRunner.run(
        tf -> new LstmOptimizer(config, LstmOptimizerReferenceTest.constants(tf, weights)), shape, gradients);
    for (int t = 0; t < gradients.length; t++) {
      assertEquals(8, two.get(t).state().size());
      assertClose("step " + t + " update", one.get(t).update(), two.get(t).update(), 1e-6, 1e-12);
    }
  }
}
