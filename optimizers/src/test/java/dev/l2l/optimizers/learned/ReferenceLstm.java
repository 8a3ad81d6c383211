package dev.l2l.optimizers.learned;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A plain-Java, double-precision reference of the coordinatewise LSTM optimizer, written from the
 * documented maths of {@link LstmOptimizer}, {@link Preprocessing} and {@link LstmConfig} (not from the
 * graph code). For every coordinate, with x the preprocessed gradient:
 *
 * <pre>
 *   [i f c̃ o] = [x, h_l] K_l + b_l
 *   c_l' = σ(f) c_l + σ(i) tanh(c̃);  h_l' = σ(o) tanh(c_l')     (h_l' is the input of layer l + 1)
 *   g    = scale · (h_last' W_out + b_out)
 * </pre>
 *
 * The state is the list [h_0, c_0, h_1, c_1, ...], each [N, H] row-major, as {@link
 * LstmOptimizer#stateShapes}. The weights are doubles, in the order of {@link LstmConfig#weightSpecs()},
 * so a test can perturb them by less than a float's precision.
 */
public final class ReferenceLstm {
  /** float32 machine epsilon, 2^−23, as the clamped preprocessing documents. */
  public static final double FLOAT_EPSILON = Math.scalb(1.0, -23);

  private final LstmConfig config;
  private final List<double[]> weights;

  public ReferenceLstm(LstmConfig config, List<double[]> weights) {
    List<LstmConfig.WeightSpec> specs = config.weightSpecs();
    if (weights.size() != specs.size()) {
      throw new IllegalArgumentException("expected " + specs.size() + " weight tensors, got " + weights.size());
    }
    for (int i = 0; i < specs.size(); i++) {
      if (weights.get(i).length != specs.get(i).size()) {
        throw new IllegalArgumentException(specs.get(i).name() + " needs " + specs.get(i).size() + " values");
      }
    }
    this.config = config;
    this.weights = weights;
  }

  /** The reference with exactly the (float) values of {@code weights}. */
  public static ReferenceLstm of(LstmWeights weights) {
    return new ReferenceLstm(weights.config(), toDoubles(weights.all()));
  }

  /**
   * Weights of {@link LstmWeights#initial} with every bias shifted by U(−0.5, 0.5), so that no gate is
   * symmetric (the initial biases are all zero except the forget gate's ones).
   */
  public static LstmWeights perturbedWeights(LstmConfig config, long seed) {
    LstmWeights initial = LstmWeights.initial(config, seed);
    SplittableRandom random = new SplittableRandom(seed + 1);
    List<float[]> values = initial.all();
    List<LstmConfig.WeightSpec> specs = config.weightSpecs();
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).shape().length == 1) {
        float[] b = values.get(i);
        for (int j = 0; j < b.length; j++) {
          b[j] += (float) (random.nextDouble() - 0.5);
        }
      }
    }
    return new LstmWeights(config, values);
  }

  /** The same optimizer with weights {@code weights} + {@code step} · {@code direction}. */
  public ReferenceLstm moved(double step, List<double[]> direction) {
    List<double[]> moved = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      double[] w = weights.get(i).clone();
      for (int j = 0; j < w.length; j++) {
        w[j] += step * direction.get(i)[j];
      }
      moved.add(w);
    }
    return new ReferenceLstm(config, moved);
  }

  /** Float arrays as double arrays (exact). */
  public static List<double[]> toDoubles(List<float[]> values) {
    List<double[]> out = new ArrayList<>();
    for (float[] v : values) {
      double[] d = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        d[i] = v[i];
      }
      out.add(d);
    }
    return out;
  }

  public LstmConfig config() {
    return config;
  }

  /** What one step gives: the update g (one value per coordinate) and the next state. */
  public record Step(double[] update, List<double[]> state) {}

  /** The LSTM input of one gradient coordinate. */
  public static double[] preprocess(Preprocessing preprocessing, double g) {
    switch (preprocessing) {
      case NONE:
        return new double[] {g};
      case LOG_SIGN: {
        double p = 10;
        if (Math.abs(g) >= Math.exp(-p)) {
          return new double[] {Math.log(Math.abs(g)) / p, Math.signum(g)};
        }
        return new double[] {-1, Math.exp(p) * g};
      }
      case CLAMPED_LOG_SIGN: {
        double k = 5;
        double first = Math.max(Math.log(Math.abs(g) + FLOAT_EPSILON) / k, -1);
        double second = Math.min(Math.max(Math.exp(k) * g, -1), 1);
        return new double[] {first, second};
      }
      default:
        throw new AssertionError(preprocessing);
    }
  }

  /** The zero state for {@code n} coordinates. */
  public List<double[]> zeroState(int n) {
    List<double[]> s = new ArrayList<>();
    for (int l = 0; l < 2 * config.layers(); l++) {
      s.add(new double[n * config.hiddenUnits()]);
    }
    return s;
  }

  /** One step for every coordinate of {@code gradient} from {@code state}. */
  public Step step(double[] gradient, List<double[]> state) {
    int n = gradient.length;
    int h = config.hiddenUnits();
    int layers = config.layers();
    List<double[]> next = new ArrayList<>();
    for (int l = 0; l < 2 * layers; l++) {
      next.add(new double[n * h]);
    }
    double[] update = new double[n];
    double[] outKernel = weights.get(2 * layers);
    double outBias = weights.get(2 * layers + 1)[0];
    for (int row = 0; row < n; row++) {
      double[] x = preprocess(config.preprocessing(), gradient[row]);
      for (int l = 0; l < layers; l++) {
        double[] kernel = weights.get(2 * l);
        double[] bias = weights.get(2 * l + 1);
        double[] hPrev = state.get(2 * l);
        double[] cPrev = state.get(2 * l + 1);
        int inputs = x.length;
        double[] input = new double[inputs + h];
        System.arraycopy(x, 0, input, 0, inputs);
        System.arraycopy(hPrev, row * h, input, inputs, h);
        double[] z = new double[4 * h];
        for (int col = 0; col < 4 * h; col++) {
          double s = bias[col];
          for (int r = 0; r < input.length; r++) {
            s += input[r] * kernel[r * 4 * h + col];
          }
          z[col] = s;
        }
        double[] hNew = new double[h];
        for (int u = 0; u < h; u++) {
          double inputGate = sigmoid(z[u]);
          double forgetGate = sigmoid(z[h + u]);
          double candidate = Math.tanh(z[2 * h + u]);
          double outputGate = sigmoid(z[3 * h + u]);
          double c = forgetGate * cPrev[row * h + u] + inputGate * candidate;
          hNew[u] = outputGate * Math.tanh(c);
          next.get(2 * l)[row * h + u] = hNew[u];
          next.get(2 * l + 1)[row * h + u] = c;
        }
        x = hNew;
      }
      double linear = outBias;
      for (int u = 0; u < h; u++) {
        linear += x[u] * outKernel[u];
      }
      update[row] = config.outputScale() * linear;
    }
    return new Step(update, next);
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
