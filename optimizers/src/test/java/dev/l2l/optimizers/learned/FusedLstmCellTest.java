package dev.l2l.optimizers.learned;

import static dev.l2l.optimizers.OptimizerGraphRunner.toDoubles;
import static dev.l2l.optimizers.ReferenceChecks.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.Feeds;
import dev.l2l.core.GraphSession;
import dev.l2l.core.TensorFlowRuntime;
import dev.l2l.core.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The fused LSTM cell's two kernels against a plain-Java cell in double precision: the forward outputs
 * h' and c', and the gradients TensorFlow computes through L2lLstmCellGrad against central finite
 * differences of the Java cell (so the gradient kernel is checked against the forward formula, not
 * against a second copy of its own derivation).
 */
class FusedLstmCellTest {
  /** The build of this project makes the kernels on Linux x86-64 (gcc): they must load there. */
  @Test
  void theKernelsLoadOnThisMachine() {
    assertTrue(FusedLstmCell.isAvailable(), FusedLstmCell.status());
    String wanted = System.getProperty(FusedLstmCell.PROPERTY, "auto");
    String expected = wanted.equals("auto") ? "fused kernels (avx" : "fused kernels (" + wanted + ")";
    assertTrue(FusedLstmCell.status().startsWith(expected), FusedLstmCell.status());
  }

  /**
   * Rows and units that exercise the kernels' chunks of 32 rows and the padding of their vector passes
   * to 16 elements: one row, a partial chunk, several chunks plus a remainder; H of 1, 3, 20 (the paper's)
   * and 37.
   */
  @ParameterizedTest
  @CsvSource({"1, 20", "5, 3", "37, 20", "100, 1", "70, 37"})
  void forwardAndGradientsMatchTheJavaCell(int rows, int units) {
    Random random = new Random(31L * rows + units);
    // Pre-activations from −12 to 12 reach the saturated ends of σ and tanh.
    float[] z = values(random, rows * 4 * units, 4);
    float[] bias = values(random, 4 * units, 1);
    float[] c = values(random, rows * units, 2);
    float[] weightH = values(random, rows * units, 1);
    float[] weightC = values(random, rows * units, 1);
    Cell cell = new Cell(rows, units);

    Run run = run(rows, units, z, bias, c, weightH, weightC, true);
    double[][] expected = cell.forward(toDoubles(z), toDoubles(bias), toDoubles(c));
    assertClose("h'", expected[0], run.h, 2e-6, 2e-6);
    assertClose("c'", expected[1], run.c, 2e-6, 2e-6);

    // L = Σ wh ⊙ h' + Σ wc ⊙ c'; its gradient by central differences of the double-precision cell.
    double[] zd = toDoubles(z);
    double[] bd = toDoubles(bias);
    double[] cd = toDoubles(c);
    assertClose("dL/dz", cell.numericGradient(zd, bd, cd, weightH, weightC, zd), run.dz, 1e-4, 1e-5);
    assertClose("dL/dbias", cell.numericGradient(zd, bd, cd, weightH, weightC, bd), run.dbias, 1e-4, 1e-4);
    assertClose("dL/dc", cell.numericGradient(zd, bd, cd, weightH, weightC, cd), run.dc, 1e-4, 1e-5);
  }

  /**
   * When nothing depends on c' (the last step of an unroll), TensorFlow passes zeros as its gradient:
   * the gradient then is that of Σ wh ⊙ h' alone.
   */
  @Test
  void anUnusedCellStateCountsAsZeroGradient() {
    int rows = 9;
    int units = 20;
    Random random = new Random(3);
    float[] z = values(random, rows * 4 * units, 4);
    float[] bias = values(random, 4 * units, 1);
    float[] c = values(random, rows * units, 2);
    float[] weightH = values(random, rows * units, 1);
    Run run = run(rows, units, z, bias, c, weightH, new float[rows * units], false);
    Cell cell = new Cell(rows, units);
    double[] zd = toDoubles(z);
    double[] bd = toDoubles(bias);
    double[] cd = toDoubles(c);
    float[] noWeight = new float[rows * units];
    assertClose("dL/dz", cell.numericGradient(zd, bd, cd, weightH, noWeight, zd), run.dz, 1e-4, 1e-5);
    assertClose("dL/dc", cell.numericGradient(zd, bd, cd, weightH, noWeight, cd), run.dc, 1e-4, 1e-5);
  }

  /** NaN in, NaN out: a diverging run stays visible to the checks that look for it. */
  @Test
  void nanPropagates() {
    float[] z = new float[4 * 20];
    z[0] = Float.NaN;
    Run run = run(1, 20, z, new float[80], new float[20], new float[20], new float[20], true);
    assertTrue(Double.isNaN(run.h[0]) && Double.isNaN(run.c[0]), "h'[0] = " + run.h[0] + ", c'[0] = " + run.c[0]);
    assertTrue(Double.isFinite(run.h[1]), "the other units stay finite: " + run.h[1]);
  }

  @Test
  void mismatchedShapesAreRefusedWithAMessage() {
    try (GraphSession graph = new GraphSession()) {
      Ops tf = graph.tf();
      Placeholder<TFloat32> z = tf.placeholder(TFloat32.class);
      Placeholder<TFloat32> bias = tf.placeholder(TFloat32.class);
      Placeholder<TFloat32> c = tf.placeholder(TFloat32.class);
      List<Operand<TFloat32>> out = FusedLstmCell.apply(tf, z, bias, c);
      try (Feeds feeds = new Feeds()) {
        feeds.add(z, Shape.of(3, 8), new float[24]);
        feeds.add(bias, Shape.of(8), new float[8]);
        feeds.add(c, Shape.of(3, 3), new float[9]); // H = 3 wants z of [3, 12]
        Session.Runner runner = feeds.applyTo(graph.session().runner()).fetch(out.get(0));
        RuntimeException e = assertThrows(RuntimeException.class, () -> runner.run().close());
        assertTrue(e.getMessage().contains("z must be [N, 4H] and bias [4H] for c of [N, H]"), e.getMessage());
      }
    }
  }

  /**
   * AUTO picks the fused cell on the CPU and TensorFlow's ops for a graph placed on a GPU or with the GPU
   * natives (the kernels are CPU-only): an LSTM step built under a GPU device scope has no L2lLstmCell op,
   * one built without has (with the CPU natives).
   */
  @Test
  void autoUsesTensorFlowsOpsOnAGpu() {
    boolean gpuNatives = TensorFlowRuntime.nativeClassifier().endsWith("gpu");
    assertEquals(LstmCellKernel.TENSORFLOW_OPS, LstmCellKernel.AUTO.resolve("/device:GPU:0"));
    assertEquals(gpuNatives ? LstmCellKernel.TENSORFLOW_OPS : LstmCellKernel.FUSED, LstmCellKernel.AUTO.resolve(""));
    assertEquals(LstmCellKernel.TENSORFLOW_OPS, LstmCellKernel.TENSORFLOW_OPS.resolve(""));
    LstmConfig config = LstmConfig.defaults();
    for (boolean gpu : new boolean[] {false, true}) {
      try (GraphSession graph = new GraphSession()) {
        Ops tf = gpu
            ? graph.tf().withDevice(org.tensorflow.DeviceSpec.newBuilder()
                .deviceType(org.tensorflow.DeviceSpec.DeviceType.GPU).deviceIndex(0).build())
            : graph.tf();
        LstmOptimizer lstm =
            new LstmOptimizer(config, LstmOptimizerReferenceTest.constants(tf, LstmWeights.initial(config, 1)));
        List<Operand<TFloat32>> state = new ArrayList<>();
        for (Shape s : lstm.stateShapes(Shape.of(4))) {
          state.add(tf.zeros(tf.constant(s.asArray()), TFloat32.class));
        }
        lstm.step(tf, tf.zeros(tf.constant(new long[] {4}), TFloat32.class), state);
        boolean hasFusedCell = false;
        for (var it = graph.graph().operations(); it.hasNext(); ) {
          hasFusedCell |= it.next().type().equals("L2lLstmCell");
        }
        assertEquals(!gpu && !gpuNatives, hasFusedCell, gpu ? "a graph on the GPU" : "a graph on the CPU");
      }
    }
  }

  /** The op's static shapes: h' and c' have the shape of c, so the graphs built on them know their sizes. */
  @Test
  void outputsHaveTheShapeOfTheCellState() {
    try (GraphSession graph = new GraphSession()) {
      Ops tf = graph.tf();
      List<Operand<TFloat32>> out =
          FusedLstmCell.apply(tf, tf.zeros(tf.constant(new long[] {6, 8}), TFloat32.class),
              tf.zeros(tf.constant(new long[] {8}), TFloat32.class), tf.placeholder(TFloat32.class,
                  Placeholder.shape(Shape.of(6, 2))));
      assertEquals(Shape.of(6, 2), out.get(0).shape());
      assertEquals(Shape.of(6, 2), out.get(1).shape());
    }
  }

  private record Run(double[] h, double[] c, double[] dz, double[] dbias, double[] dc) {}

  /** The op on the given values, with the gradient of Σ wh ⊙ h' (+ Σ wc ⊙ c' if {@code useC}). */
  private static Run run(
      int rows, int units, float[] z, float[] bias, float[] c, float[] weightH, float[] weightC, boolean useC) {
    try (GraphSession graph = new GraphSession();
        Feeds feeds = new Feeds()) {
      Ops tf = graph.tf();
      Shape rowsBy4H = Shape.of(rows, 4L * units);
      Shape rowsByH = Shape.of(rows, units);
      Placeholder<TFloat32> zIn = tf.placeholder(TFloat32.class, Placeholder.shape(rowsBy4H));
      Placeholder<TFloat32> bIn = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(4L * units)));
      Placeholder<TFloat32> cIn = tf.placeholder(TFloat32.class, Placeholder.shape(rowsByH));
      feeds.add(zIn, rowsBy4H, z);
      feeds.add(bIn, Shape.of(4L * units), bias);
      feeds.add(cIn, rowsByH, c);
      List<Operand<TFloat32>> out = FusedLstmCell.apply(tf, zIn, bIn, cIn);
      Operand<TFloat32> loss = tf.sum(tf.math.mul(out.get(0), constant(tf, rowsByH, weightH)), tf.constant(new int[] {0, 1}));
      if (useC) {
        loss = tf.math.add(loss,
            tf.sum(tf.math.mul(out.get(1), constant(tf, rowsByH, weightC)), tf.constant(new int[] {0, 1})));
      }
      Gradients g = tf.gradients(loss, List.of(zIn, bIn, cIn), Gradients.dx(List.of(tf.constant(1f))));
      Session.Runner runner = feeds.applyTo(graph.session().runner());
      List<Operand<TFloat32>> fetches = new ArrayList<>(List.of(out.get(0), out.get(1)));
      for (int i = 0; i < 3; i++) {
        fetches.add(g.dy(i));
      }
      fetches.forEach(runner::fetch);
      try (Result result = runner.run()) {
        double[][] v = new double[5][];
        for (int i = 0; i < 5; i++) {
          v[i] = Tensors.toDoubles(result.get(i));
        }
        return new Run(v[0], v[1], v[2], v[3], v[4]);
      }
    }
  }

  private static Operand<TFloat32> constant(Ops tf, Shape shape, float[] values) {
    return tf.constant(shape, org.tensorflow.ndarray.buffer.DataBuffers.of(values, true, false));
  }

  private static float[] values(Random random, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (scale * random.nextGaussian());
    }
    return v;
  }

  /** The cell in double precision, row by row, gates in the order i, f, c̃, o. */
  private record Cell(int rows, int units) {
    double[][] forward(double[] z, double[] bias, double[] c) {
      double[] h = new double[rows * units];
      double[] cNext = new double[rows * units];
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < units; j++) {
          int at = r * 4 * units + j;
          double i = sigmoid(z[at] + bias[j]);
          double f = sigmoid(z[at + units] + bias[j + units]);
          double g = Math.tanh(z[at + 2 * units] + bias[j + 2 * units]);
          double o = sigmoid(z[at + 3 * units] + bias[j + 3 * units]);
          cNext[r * units + j] = f * c[r * units + j] + i * g;
          h[r * units + j] = o * Math.tanh(cNext[r * units + j]);
        }
      }
      return new double[][] {h, cNext};
    }

    double loss(double[] z, double[] bias, double[] c, float[] weightH, float[] weightC) {
      double[][] out = forward(z, bias, c);
      double sum = 0;
      for (int k = 0; k < out[0].length; k++) {
        sum += weightH[k] * out[0][k] + weightC[k] * out[1][k];
      }
      return sum;
    }

    /** dL/d(variable) by central differences; {@code variable} is one of z, bias, c (changed and restored). */
    double[] numericGradient(double[] z, double[] bias, double[] c, float[] weightH, float[] weightC, double[] variable) {
      double[] gradient = new double[variable.length];
      for (int k = 0; k < variable.length; k++) {
        double x = variable[k];
        double step = 1e-6 * Math.max(1, Math.abs(x));
        variable[k] = x + step;
        double up = loss(z, bias, c, weightH, weightC);
        variable[k] = x - step;
        double down = loss(z, bias, c, weightH, weightC);
        variable[k] = x;
        gradient[k] = (up - down) / (2 * step);
      }
      return gradient;
    }

    private static double sigmoid(double x) {
      return 1 / (1 + Math.exp(-x));
    }
  }
}
