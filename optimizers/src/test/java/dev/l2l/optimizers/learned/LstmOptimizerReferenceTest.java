package dev.l2l.optimizers.learned;

import static dev.l2l.optimizers.ReferenceChecks.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.l2l.optimizers.OptimizerGraphRunner;
import dev.l2l.optimizers.OptimizerGraphRunner.StepValues;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The LSTM optimizer's graph against {@link ReferenceLstm}: four consecutive steps, the update and all
 * four state tensors at every step, for each preprocessing, on gradients with tiny, large, negative and
 * zero coordinates.
 */
class LstmOptimizerReferenceTest {
  private static final Shape SHAPE = Shape.of(2, 5);
  private static final int STEPS = 4;

  /**
   * Gradient coordinates chosen to reach every branch: zero, 1e-9 and 3e-6 (below LOG_SIGN's e^−10 ≈
   * 4.5e-5: the (−1, e^p g) branch), 1e-3 (CLAMPED's log clamped at −1, e^k g unclipped), −0.03 (e^k g
   * clipped at −1), 0.5, −2, 50, −700; none near a branch threshold.
   */
  private static final double[] BASE = {0, 1e-9, -3e-6, 1e-3, -0.03, 0.5, -2, 50, -700, 0.2};

  /** Step t's gradient: the base values permuted and rescaled, so consecutive steps differ. */
  static float[][] gradients() {
    float[][] g = new float[STEPS][BASE.length];
    double[] factors = {1, -0.5, 2, 1.25};
    for (int t = 0; t < STEPS; t++) {
      for (int i = 0; i < BASE.length; i++) {
        g[t][i] = (float) (factors[t] * BASE[(i + 3 * t) % BASE.length]);
      }
    }
    return g;
  }

  static List<Operand<TFloat32>> constants(Ops tf, LstmWeights weights) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    List<LstmConfig.WeightSpec> specs = weights.config().weightSpecs();
    for (int i = 0; i < specs.size(); i++) {
      out.add(tf.constant(Shape.of(specs.get(i).shape()), DataBuffers.of(weights.get(i), true, false)));
    }
    return out;
  }

  private static void compare(LstmConfig config, long seed) {
    compare(config, seed, RowBlocks.DEFAULT);
  }

  /** The graph with each cell kernel, fused and TensorFlow's ops, against the reference. */
  private static void compare(LstmConfig config, long seed, RowBlocks blocks) {
    for (LstmCellKernel cell : List.of(LstmCellKernel.FUSED, LstmCellKernel.TENSORFLOW_OPS)) {
      compare(config, seed, new LstmExecution(blocks, cell));
    }
  }

  private static void compare(LstmConfig config, long seed, LstmExecution execution) {
    LstmWeights weights = ReferenceLstm.perturbedWeights(config, seed);
    float[][] g = gradients();
    RowBlocks blocks = execution.rowBlocks();
    List<StepValues> graph =
        OptimizerGraphRunner.run(tf -> new LstmOptimizer(config, constants(tf, weights), execution), SHAPE, g);
    ReferenceLstm reference = ReferenceLstm.of(weights);
    List<double[]> state = reference.zeroState(BASE.length);
    for (int t = 0; t < STEPS; t++) {
      ReferenceLstm.Step expected = reference.step(OptimizerGraphRunner.toDoubles(g[t]), state);
      String at = config.preprocessing() + " " + execution.cell() + " step " + t;
      // Gates and states are O(1); the update is O(outputScale).
      assertClose(at + " update", expected.update(), graph.get(t).update(), 2e-5, 2e-6 * config.outputScale());
      assertEquals(blocks.sizes(BASE.length).length * expected.state().size(), graph.get(t).state().size());
      List<double[]> actual = joinBlocks(graph.get(t).state(), expected.state().size());
      for (int i = 0; i < expected.state().size(); i++) {
        assertClose(at + " state " + i, expected.state().get(i), actual.get(i), 2e-5, 2e-6);
      }
      state = expected.state();
    }
  }

  @ParameterizedTest
  @EnumSource(Preprocessing.class)
  void matchesReferenceForEveryPreprocessing(Preprocessing preprocessing) {
    compare(new LstmConfig(2, 6, preprocessing, 0.1, false), 7);
  }

  /** Second order (the gradient input not stopped) gives the same forward numbers. */
  @ParameterizedTest
  @EnumSource(Preprocessing.class)
  void secondOrderMatchesReference(Preprocessing preprocessing) {
    compare(new LstmConfig(2, 6, preprocessing, 0.1, true), 7);
  }

  /**
   * The graph's state per row block (h, c of each layer for block 0, then block 1, ...) joined into one
   * [N, H] array per state tensor, as the reference keeps it: the blocks hold consecutive rows.
   */
  private static List<double[]> joinBlocks(List<double[]> blockState, int perBlock) {
    assertEquals(0, blockState.size() % perBlock, "state tensors: " + blockState.size());
    List<double[]> joined = new ArrayList<>();
    for (int i = 0; i < perBlock; i++) {
      int length = 0;
      for (int b = i; b < blockState.size(); b += perBlock) {
        length += blockState.get(b).length;
      }
      double[] all = new double[length];
      int at = 0;
      for (int b = i; b < blockState.size(); b += perBlock) {
        System.arraycopy(blockState.get(b), 0, all, at, blockState.get(b).length);
        at += blockState.get(b).length;
      }
      joined.add(all);
    }
    return joined;
  }

  /** The 10 coordinates in three row blocks (4, 3, 3 rows), each with its own state: the same numbers. */
  @ParameterizedTest
  @EnumSource(Preprocessing.class)
  void rowBlocksMatchReference(Preprocessing preprocessing) {
    RowBlocks three = new RowBlocks(3, 1);
    assertArrayEquals(new long[] {4, 3, 3}, three.sizes(BASE.length));
    compare(new LstmConfig(2, 6, preprocessing, 0.1, false), 7, three);
  }

  @Test
  void matchesReferenceWithThreeLayersAndDefaultScale() {
    compare(LstmConfig.defaults().withHiddenUnits(3).withLayers(3), 11);
  }

  /** The reference's preprocessing itself, at hand-computed points (guards the reference). */
  @Test
  void referencePreprocessingAtKnownPoints() {
    assertArrayEquals(new double[] {-0.25}, ReferenceLstm.preprocess(Preprocessing.NONE, -0.25));
    assertArrayEquals(
        new double[] {Math.log(2) / 10, -1}, ReferenceLstm.preprocess(Preprocessing.LOG_SIGN, -2), 1e-15);
    assertArrayEquals(
        new double[] {-1, 22026.465794806718 * 1e-6}, ReferenceLstm.preprocess(Preprocessing.LOG_SIGN, 1e-6), 1e-12);
    assertArrayEquals(new double[] {-1, 0}, ReferenceLstm.preprocess(Preprocessing.LOG_SIGN, 0), 0);
    assertArrayEquals(
        new double[] {Math.log(50 + 0x1p-23) / 5, 1}, ReferenceLstm.preprocess(Preprocessing.CLAMPED_LOG_SIGN, 50), 1e-15);
    assertArrayEquals(
        new double[] {-1, 148.4131591025766 * -1e-3}, ReferenceLstm.preprocess(Preprocessing.CLAMPED_LOG_SIGN, -1e-3), 1e-12);
    assertArrayEquals(new double[] {-1, 0}, ReferenceLstm.preprocess(Preprocessing.CLAMPED_LOG_SIGN, 0), 0);
  }
}
