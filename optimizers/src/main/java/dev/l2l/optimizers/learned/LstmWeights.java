package dev.l2l.optimizers.learned;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The learned optimizer's meta-parameters φ as Java arrays, one per {@link LstmConfig#weightSpecs()}
 * entry (row-major). Immutable: every change makes a new object.
 */
public final class LstmWeights {
  private final LstmConfig config;
  private final List<float[]> values;

  public LstmWeights(LstmConfig config, List<float[]> values) {
    List<LstmConfig.WeightSpec> specs = config.weightSpecs();
    if (values.size() != specs.size()) {
      throw new IllegalArgumentException(
          "expected " + specs.size() + " weight tensors for " + config + ", got " + values.size());
    }
    List<float[]> copy = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      if (values.get(i).length != specs.get(i).size()) {
        throw new IllegalArgumentException(
            specs.get(i).name() + " needs " + specs.get(i).size() + " values, got " + values.get(i).length);
      }
      copy.add(values.get(i).clone());
    }
    this.config = config;
    this.values = List.copyOf(copy);
  }

  /**
   * Fresh weights: kernels uniform in ±√(6 / (fan_in + fan_out)) (Glorot), LSTM biases zero except the
   * forget gate's, which is 1, and a zero output layer bias.
   */
  public static LstmWeights initial(LstmConfig config, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<float[]> values = new ArrayList<>();
    int h = config.hiddenUnits();
    for (LstmConfig.WeightSpec spec : config.weightSpecs()) {
      float[] v = new float[spec.size()];
      if (spec.shape().length == 2) {
        double limit = Math.sqrt(6.0 / (spec.shape()[0] + spec.shape()[1]));
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) ((2 * random.nextDouble() - 1) * limit);
        }
      } else if (spec.name().startsWith("lstm")) {
        for (int i = h; i < 2 * h; i++) {
          v[i] = 1f;
        }
      }
      values.add(v);
    }
    return new LstmWeights(config, values);
  }

  public LstmConfig config() {
    return config;
  }

  /** The number of weight tensors. */
  public int count() {
    return values.size();
  }

  /** A copy of tensor {@code i}. */
  public float[] get(int i) {
    return values.get(i).clone();
  }

  /** All tensors (copies). */
  public List<float[]> all() {
    List<float[]> out = new ArrayList<>();
    for (float[] v : values) {
      out.add(v.clone());
    }
    return out;
  }

  /** The total number of scalar weights. */
  public int parameterCount() {
    int n = 0;
    for (float[] v : values) {
      n += v.length;
    }
    return n;
  }

  /** True when every weight is finite. */
  public boolean isFinite() {
    for (float[] v : values) {
      for (float x : v) {
        if (!Float.isFinite(x)) {
          return false;
        }
      }
    }
    return true;
  }
}
