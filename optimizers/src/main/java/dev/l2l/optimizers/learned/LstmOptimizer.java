package dev.l2l.optimizers.learned;

import dev.l2l.optimizers.Optimizer;
import dev.l2l.optimizers.OptimizerStep;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

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
 * layer h and c, each [N, H] with N the number of coordinates; zeros at the start of a problem.
 *
 * <p>The weights are graph operands given at construction (placeholders fed from {@link LstmWeights},
 * or variables), in the order of {@link LstmConfig#weightSpecs()}, so the meta-gradient can be taken
 * with respect to them.
 */
public final class LstmOptimizer implements Optimizer {
  private final LstmConfig config;
  private final List<Operand<TFloat32>> weights;

  public LstmOptimizer(LstmConfig config, List<? extends Operand<TFloat32>> weights) {
    if (weights.size() != config.weightSpecs().size()) {
      throw new IllegalArgumentException(
          "expected " + config.weightSpecs().size() + " weight operands, got " + weights.size());
    }
    this.config = config;
    this.weights = List.copyOf(weights);
  }

  public LstmConfig config() {
    return config;
  }

  @Override
  public String name() {
    return "LSTM";
  }

  @Override
  public List<Shape> stateShapes(Shape parameterShape) {
    long coordinates = parameterShape.size();
    List<Shape> shapes = new ArrayList<>();
    for (int l = 0; l < config.layers(); l++) {
      shapes.add(Shape.of(coordinates, config.hiddenUnits()));
      shapes.add(Shape.of(coordinates, config.hiddenUnits()));
    }
    return shapes;
  }

  @Override
  public OptimizerStep step(Ops tf, Operand<TFloat32> gradient, List<Operand<TFloat32>> state) {
    Operand<TFloat32> g = config.secondOrder() ? gradient : tf.stopGradient(gradient);
    Operand<TFloat32> column = tf.reshape(g, tf.constant(new long[] {-1, 1}));
    Operand<TFloat32> x = config.preprocessing().apply(tf, column);
    List<Operand<TFloat32>> next = new ArrayList<>();
    Operand<TInt32> concatAxis = tf.constant(1);
    for (int l = 0; l < config.layers(); l++) {
      Operand<TFloat32> h = state.get(2 * l);
      Operand<TFloat32> c = state.get(2 * l + 1);
      Operand<TFloat32> z =
          tf.math.add(
              tf.linalg.matMul(tf.concat(List.of(x, h), concatAxis), weights.get(2 * l)),
              weights.get(2 * l + 1));
      List<Operand<TFloat32>> gates = splitInFour(tf, z);
      Operand<TFloat32> cNext =
          tf.math.add(
              tf.math.mul(tf.math.sigmoid(gates.get(1)), c),
              tf.math.mul(tf.math.sigmoid(gates.get(0)), tf.math.tanh(gates.get(2))));
      Operand<TFloat32> hNext = tf.math.mul(tf.math.sigmoid(gates.get(3)), tf.math.tanh(cNext));
      next.add(hNext);
      next.add(cNext);
      x = hNext;
    }
    int out = 2 * config.layers();
    Operand<TFloat32> linear = tf.math.add(tf.linalg.matMul(x, weights.get(out)), weights.get(out + 1));
    Operand<TFloat32> scaled = tf.math.mul(linear, tf.constant((float) config.outputScale()));
    Operand<TFloat32> update = tf.reshape(scaled, tf.shape(gradient));
    return new OptimizerStep(update, next);
  }

  private static List<Operand<TFloat32>> splitInFour(Ops tf, Operand<TFloat32> z) {
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (Operand<TFloat32> part : tf.split(tf.constant(1), z, 4L)) {
      parts.add(part);
    }
    return parts;
  }
}
