package dev.l2l.optimizers.learned;

import dev.l2l.optimizers.Optimizer;
import dev.l2l.optimizers.OptimizerStep;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.types.TFloat32;

/**
 * The learned optimizer of Andrychowicz et al. (2016): a stack of LSTM cells and a linear layer,
 * applied coordinatewise — every coordinate of every problem is one row of the LSTM batch, with shared
 * weights φ. For each coordinate, with x the preprocessed gradient:
 *
 * <pre>
 *   [i f c̃ o] = [x, h_{l}] K_l + b_l                (one MatMul per layer)
 *   c_l' = σ(f) ⊙ c_l + σ(i) ⊙ tanh(c̃)
 *   h_l' = σ(o) ⊙ tanh(c_l')                       (h_l' is the input of layer l + 1)
 *   g_t  = scale · (h_last' W_out + b_out)
 * </pre>
 *
 * The gradient input is stopped (first order) unless {@link LstmConfig#secondOrder()}. State: for each
 * layer h and c, each [N, H] with N the number of coordinates; zeros at the start of a problem. How the
 * graph is laid out is set by an {@link LstmExecution}: the N rows run as independent blocks ({@link
 * RowBlocks}, by default two once N ≥ 512), which TensorFlow computes concurrently (the state is then kept
 * per block), and the gates and state of each cell are computed by l2l's fused kernel ({@link
 * FusedLstmCell}) or by TensorFlow's ops ({@link LstmCellKernel}).
 *
 * <p>The weights are graph operands given at construction (placeholders fed from {@link LstmWeights},
 * or variables), in the order of {@link LstmConfig#weightSpecs()}, so the meta-gradient can be taken
 * with respect to them.
 */
public final class LstmOptimizer implements Optimizer {
  private final LstmConfig config;
  private final List<Operand<TFloat32>> weights;
  private final LstmExecution execution;
  private final List<List<Operand<TFloat32>>> reads = new ArrayList<>();

  /** An LSTM optimizer with weights {@code weights}, laid out as {@link LstmExecution#DEFAULT}. */
  public LstmOptimizer(LstmConfig config, List<? extends Operand<TFloat32>> weights) {
    this(config, weights, LstmExecution.DEFAULT);
  }

  /**
   * An LSTM optimizer with weights {@code weights} whose graph is laid out as {@code execution} says (the
   * updates are the same up to float rounding; only the graph's shape and speed change).
   */
  public LstmOptimizer(LstmConfig config, List<? extends Operand<TFloat32>> weights, LstmExecution execution) {
    if (weights.size() != config.weightSpecs().size()) {
      throw new IllegalArgumentException(
          "expected " + config.weightSpecs().size() + " weight operands, got " + weights.size());
    }
    this.config = config;
    this.weights = List.copyOf(weights);
    this.execution = execution;
  }

  public LstmConfig config() {
    return config;
  }

  @Override
  public String name() {
    return "LSTM";
  }

  public LstmExecution execution() {
    return execution;
  }

  /**
   * For each row block (see {@link RowBlocks#sizes}), in order, h and c of each layer, each [rows of the
   * block, H]: 2 × layers tensors of [N, H] when all N coordinates are in one block (always when N is
   * unknown or zero).
   */
  @Override
  public List<Shape> stateShapes(Shape parameterShape) {
    List<Shape> shapes = new ArrayList<>();
    long coordinates = parameterShape.size(); // −1 when a dimension is unknown
    long[] sizes = coordinates > 0 ? execution.rowBlocks().sizes(coordinates) : new long[] {coordinates};
    for (long rows : sizes) {
      for (int l = 0; l < config.layers(); l++) {
        shapes.add(Shape.of(rows, config.hiddenUnits()));
        shapes.add(Shape.of(rows, config.hiddenUnits()));
      }
    }
    return shapes;
  }

  @Override
  public OptimizerStep step(Ops tf, Operand<TFloat32> gradient, List<Operand<TFloat32>> state) {
    Operand<TFloat32> g = config.secondOrder() ? gradient : tf.stopGradient(gradient);
    Operand<TFloat32> column = tf.reshape(g, tf.constant(new long[] {-1, 1}));
    int layers = config.layers();
    // The blocks are those of the state given (made by stateShapes): block b's rows are its h's rows.
    long[] rows = new long[state.size() / (2 * layers)];
    for (int b = 0; b < rows.length; b++) {
      rows[b] = state.get(2 * layers * b).shape().size(0);
    }
    List<Operand<TFloat32>> columns = splitRows(tf, column, rows);
    List<Operand<TFloat32>> w = readWeights(tf);
    boolean fused = execution.cell().resolve(tf.scope().getDeviceString()) == LstmCellKernel.FUSED;
    int out = 2 * layers;
    List<Operand<TFloat32>> next = new ArrayList<>();
    List<Operand<TFloat32>> linear = new ArrayList<>();
    for (int b = 0; b < columns.size(); b++) {
      Operand<TFloat32> x = config.preprocessing().apply(tf, columns.get(b));
      for (int l = 0; l < layers; l++) {
        Operand<TFloat32> h = state.get(2 * layers * b + 2 * l);
        Operand<TFloat32> c = state.get(2 * layers * b + 2 * l + 1);
        List<Operand<TFloat32>> cell = cell(tf, fused, x, h, c, w.get(2 * l), w.get(2 * l + 1));
        next.addAll(cell);
        x = cell.get(0);
      }
      linear.add(tf.math.add(tf.linalg.matMul(x, w.get(out)), w.get(out + 1)));
    }
    Operand<TFloat32> joined = linear.size() == 1 ? linear.get(0) : tf.concat(linear, tf.constant(0));
    Operand<TFloat32> scaled = tf.math.mul(joined, tf.constant((float) config.outputScale()));
    Operand<TFloat32> update = tf.reshape(scaled, tf.shape(gradient));
    return new OptimizerStep(update, next);
  }

  /**
   * The gradient of {@code loss} with respect to the weights, in the order of {@link
   * LstmConfig#weightSpecs()}: TensorFlow's symbolic gradient with respect to each step's own read of the
   * weights, summed over the steps in step order. Left to TensorFlow, the sum over the steps would be an
   * {@code AddN} whose input order changes from one graph build to the next, and with it the float
   * rounding; this way a graph built in another process gives the same bits.
   *
   * @param stepsUsed how many of the steps built so far (the first ones) the loss depends on: e.g. all
   *     K for Σ_{t=1..K} f(θ_t), K − 1 for Σ_{t=0..K−1} f(θ_t) (TensorFlow refuses a gradient with
   *     respect to a read the loss does not depend on)
   * @throws IllegalArgumentException if {@code stepsUsed} is negative or more than the steps built
   */
  public List<Operand<TFloat32>> weightGradients(Ops tf, Operand<TFloat32> loss, int stepsUsed) {
    if (stepsUsed < 0 || stepsUsed > reads.size()) {
      throw new IllegalArgumentException(
          "stepsUsed must be in [0, " + reads.size() + "] (the steps built so far), got " + stepsUsed);
    }
    int n = weights.size();
    List<Operand<TFloat32>> xs = new ArrayList<>();
    reads.subList(0, stepsUsed).forEach(xs::addAll);
    Gradients grads = stepsUsed == 0 ? null : tf.gradients(loss, xs, Gradients.dx(List.of(tf.constant(1f))));
    List<Operand<TFloat32>> result = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Operand<TFloat32>> terms = new ArrayList<>();
      for (int t = 0; t < stepsUsed; t++) {
        terms.add(grads.dy(t * n + i));
      }
      result.add(
          switch (terms.size()) {
            case 0 -> tf.zerosLike(weights.get(i));
            case 1 -> terms.get(0);
            default -> tf.math.addN(terms);
          });
    }
    return result;
  }

  /** This step's read of the weights: one Identity per weight tensor, used by this step only. */
  private List<Operand<TFloat32>> readWeights(Ops tf) {
    List<Operand<TFloat32>> read = new ArrayList<>();
    for (Operand<TFloat32> w : weights) {
      read.add(tf.identity(w));
    }
    reads.add(read);
    return read;
  }

  /** One LSTM cell (see the class comment), fused or of TensorFlow's ops; returns h', c'. */
  private static List<Operand<TFloat32>> cell(
      Ops tf, boolean fused, Operand<TFloat32> x, Operand<TFloat32> h, Operand<TFloat32> c,
      Operand<TFloat32> kernel, Operand<TFloat32> bias) {
    Operand<TFloat32> xk = tf.linalg.matMul(tf.concat(List.of(x, h), tf.constant(1)), kernel);
    if (fused) {
      return FusedLstmCell.apply(tf, xk, bias, c);
    }
    Operand<TFloat32> z = tf.math.add(xk, bias);
    List<Operand<TFloat32>> gates = splitInFour(tf, z);
    Operand<TFloat32> cNext =
        tf.math.add(
            tf.math.mul(tf.math.sigmoid(gates.get(1)), c),
            tf.math.mul(tf.math.sigmoid(gates.get(0)), tf.math.tanh(gates.get(2))));
    Operand<TFloat32> hNext = tf.math.mul(tf.math.sigmoid(gates.get(3)), tf.math.tanh(cNext));
    return List.of(hNext, cNext);
  }

  /** The rows of {@code column} in consecutive blocks of {@code sizes} rows (itself for one block). */
  private static List<Operand<TFloat32>> splitRows(Ops tf, Operand<TFloat32> column, long[] sizes) {
    List<Operand<TFloat32>> parts = new ArrayList<>();
    if (sizes.length == 1) {
      parts.add(column);
      return parts;
    }
    for (Operand<TFloat32> part : tf.splitV(column, tf.constant(sizes), tf.constant(0), (long) sizes.length)) {
      parts.add(part);
    }
    return parts;
  }

  private static List<Operand<TFloat32>> splitInFour(Ops tf, Operand<TFloat32> z) {
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (Operand<TFloat32> part : tf.split(tf.constant(1), z, 4L)) {
      parts.add(part);
    }
    return parts;
  }
}
