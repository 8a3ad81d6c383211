package dev.l2l.tasks.mnist;

import dev.l2l.core.Seeds;
import dev.l2l.tasks.ProblemBatch;
import java.util.SplittableRandom;

/**
 * P MLP problems: each its initial parameters and its stream of minibatches. The minibatch of inner step
 * t is drawn (uniformly, with replacement) from the images with the seed {@code Seeds.derive(seed,
 * "minibatch", t)}, so step t always sees the same images, however the steps are split into unrolls.
 *
 * <p>θ is [P, D]; each row holds the layers in order, each layer its weights [in, out] row-major then its
 * biases [out]. Besides the data it offers double-precision plain-Java references (loss, gradient,
 * accuracy) used to check the graph.
 */
public final class MlpBatch implements ProblemBatch {
  private final MlpConfig config;
  private final MnistData data;
  private final long seed;
  private final float[] theta0;

  public MlpBatch(MlpConfig config, MnistData data, long seed, float[] theta0) {
    if (theta0.length != (long) config.problems() * config.parameters(data.pixels())) {
      throw new IllegalArgumentException("θ₀ has " + theta0.length + " values, expected P × D = "
          + config.problems() + " × " + config.parameters(data.pixels()));
    }
    this.config = config;
    this.data = data;
    this.seed = seed;
    this.theta0 = theta0;
  }

  public MlpConfig config() {
    return config;
  }

  public MnistData data() {
    return data;
  }

  @Override
  public float[] initialParameters() {
    return theta0.clone();
  }

  /** The image indices of inner step {@code step}: P × minibatch, problem-major. */
  public int[] minibatch(int step) {
    SplittableRandom random = new SplittableRandom(Seeds.derive(seed, "minibatch", step));
    int[] idx = new int[config.problems() * config.minibatch()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = random.nextInt(data.count());
    }
    return idx;
  }

  /** Reference loss at step {@code step}: mean over problems and examples of the softmax cross-entropy. */
  public double loss(double[] theta, int step) {
    return lossAndGradient(theta, step, null);
  }

  /** Reference gradient of {@link #loss} with respect to θ, by backpropagation in double precision. */
  public double[] gradient(double[] theta, int step) {
    double[] g = new double[theta.length];
    lossAndGradient(theta, step, g);
    return g;
  }

  private double lossAndGradient(double[] theta, int step, double[] grad) {
    int[] widths = config.widths(data.pixels());
    int layers = widths.length - 1;
    int d = config.parameters(data.pixels());
    int m = config.minibatch();
    int[] idx = minibatch(step);
    double total = 0;
    double scale = 1.0 / (config.problems() * m);
    for (int p = 0; p < config.problems(); p++) {
      for (int e = 0; e < m; e++) {
        int image = idx[p * m + e];
        double[][] acts = new double[layers + 1][];
        acts[0] = new double[widths[0]];
        for (int i = 0; i < widths[0]; i++) {
          acts[0][i] = data.images()[image * data.pixels() + i];
        }
        for (int l = 0; l < layers; l++) {
          acts[l + 1] = layer(theta, p * d + offset(widths, l), widths[l], widths[l + 1], acts[l], l < layers - 1);
        }
        double[] logits = acts[layers];
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
          max = Math.max(max, z);
        }
        double sum = 0;
        for (double z : logits) {
          sum += Math.exp(z - max);
        }
        int label = data.labels()[image];
        total += Math.log(sum) + max - logits[label];
        if (grad == null) {
          continue;
        }
        double[] delta = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
          delta[k] = (Math.exp(logits[k] - max) / sum - (k == label ? 1 : 0)) * scale;
        }
        for (int l = layers - 1; l >= 0; l--) {
          int base = p * d + offset(widths, l);
          int in = widths[l];
          int out = widths[l + 1];
          double[] prev = new double[in];
          for (int i = 0; i < in; i++) {
            double s = 0;
            for (int j = 0; j < out; j++) {
              grad[base + i * out + j] += acts[l][i] * delta[j];
              s += theta[base + i * out + j] * delta[j];
            }
            prev[i] = s;
          }
          for (int j = 0; j < out; j++) {
            grad[base + in * out + j] += delta[j];
          }
          if (l > 0) {
            for (int i = 0; i < in; i++) {
              double a = acts[l][i];
              prev[i] *= config.activation() == MlpConfig.Activation.SIGMOID ? a * (1 - a) : (a > 0 ? 1 : 0);
            }
          }
          delta = prev;
        }
      }
    }
    return total * scale;
  }

  private double[] layer(double[] theta, int base, int in, int out, double[] x, boolean hidden) {
    double[] y = new double[out];
    for (int j = 0; j < out; j++) {
      y[j] = theta[base + in * out + j];
    }
    for (int i = 0; i < in; i++) {
      double xi = x[i];
      if (xi == 0) {
        continue;
      }
      for (int j = 0; j < out; j++) {
        y[j] += xi * theta[base + i * out + j];
      }
    }
    if (hidden) {
      for (int j = 0; j < out; j++) {
        y[j] = config.activation() == MlpConfig.Activation.SIGMOID ? 1 / (1 + Math.exp(-y[j])) : Math.max(0, y[j]);
      }
    }
    return y;
  }

  /** Where layer {@code l}'s weights start in a row of θ. */
  static int offset(int[] widths, int l) {
    int o = 0;
    for (int k = 0; k < l; k++) {
      o += widths[k] * widths[k + 1] + widths[k + 1];
    }
    return o;
  }

  /**
   * The fraction of {@code test}'s images each problem's MLP classifies right (the arg-max of its
   * outputs equals the label), with parameters {@code theta} [P, D].
   */
  public double[] accuracy(float[] theta, MnistData test) {
    int[] widths = config.widths(test.pixels());
    int d = config.parameters(test.pixels());
    double[] row = new double[d];
    double[] out = new double[config.problems()];
    for (int p = 0; p < config.problems(); p++) {
      for (int i = 0; i < d; i++) {
        row[i] = theta[p * d + i];
      }
      int right = 0;
      double[] x = new double[test.pixels()];
      for (int image = 0; image < test.count(); image++) {
        for (int i = 0; i < x.length; i++) {
          x[i] = test.images()[image * test.pixels() + i];
        }
        double[] a = x;
        for (int l = 0; l + 1 < widths.length; l++) {
          a = layer(row, offset(widths, l), widths[l], widths[l + 1], a, l + 2 < widths.length);
        }
        int best = 0;
        for (int k = 1; k < a.length; k++) {
          if (a[k] > a[best]) {
            best = k;
          }
        }
        if (best == test.labels()[image]) {
          right++;
        }
      }
      out[p] = (double) right / test.count();
    }
    return out;
  }
}
