package dev.l2l.optimizers.learned;

import java.util.ArrayList;
import java.util.List;

/**
 * The learned optimizer's architecture (spec section 4).
 *
 * @param layers stacked LSTM cells; default 2
 * @param hiddenUnits units per cell; default 20
 * @param preprocessing how a gradient coordinate is presented; default {@link
 *     Preprocessing#CLAMPED_LOG_SIGN} (with the raw gradient the LSTM loses to tuned Adam, spec §8)
 * @param outputScale the update is the linear layer's output times this; default 0.01 (spec §8)
 * @param secondOrder whether the meta-gradient flows through the optimizee's gradient (true second
 *     derivatives) instead of stopping it (the paper's first-order choice); default false
 */
public record LstmConfig(
    int layers, int hiddenUnits, Preprocessing preprocessing, double outputScale, boolean secondOrder) {
  /**
   * The most hidden units a layer can have: the kernel of a layer fed by another, [2H, 4H] = 8H² values,
   * must fit a Java array (at most {@code Integer.MAX_VALUE - 8} elements).
   */
  public static final int MAX_HIDDEN_UNITS = 16_383;

  public LstmConfig {
    if (layers <= 0) {
      throw new IllegalArgumentException("layers must be positive, got " + layers);
    }
    if (hiddenUnits <= 0 || hiddenUnits > MAX_HIDDEN_UNITS) {
      throw new IllegalArgumentException("hiddenUnits must be from 1 to " + MAX_HIDDEN_UNITS
          + " (a larger layer's kernel does not fit a Java array), got " + hiddenUnits);
    }
    if (preprocessing == null) {
      throw new IllegalArgumentException("preprocessing must be one of NONE, LOG_SIGN, CLAMPED_LOG_SIGN");
    }
    if (!(outputScale > 0) || Double.isInfinite(outputScale)) {
      throw new IllegalArgumentException("outputScale must be a positive finite number, got " + outputScale);
    }
  }

  /** 2 layers of 20, clamped log-and-sign input (k = 5), output scale 0.01, first order. */
  public static LstmConfig defaults() {
    return new LstmConfig(2, 20, Preprocessing.CLAMPED_LOG_SIGN, 0.01, false);
  }

  public LstmConfig withPreprocessing(Preprocessing p) {
    return new LstmConfig(layers, hiddenUnits, p, outputScale, secondOrder);
  }

  public LstmConfig withOutputScale(double scale) {
    return new LstmConfig(layers, hiddenUnits, preprocessing, scale, secondOrder);
  }

  public LstmConfig withSecondOrder(boolean on) {
    return new LstmConfig(layers, hiddenUnits, preprocessing, outputScale, on);
  }

  public LstmConfig withHiddenUnits(int h) {
    return new LstmConfig(layers, h, preprocessing, outputScale, secondOrder);
  }

  public LstmConfig withLayers(int n) {
    return new LstmConfig(n, hiddenUnits, preprocessing, outputScale, secondOrder);
  }

  /** The input width of LSTM layer {@code layer} (0-based). */
  public int layerInputs(int layer) {
    return layer == 0 ? preprocessing.inputs() : hiddenUnits;
  }

  /**
   * The weight tensors, in order: for each layer its kernel [inputs + H, 4H] and bias [4H] (gates in
   * the order input, forget, cell, output), then the output kernel [H, 1] and bias [1].
   */
  public List<WeightSpec> weightSpecs() {
    List<WeightSpec> specs = new ArrayList<>();
    int h = hiddenUnits;
    for (int l = 0; l < layers; l++) {
      specs.add(new WeightSpec("lstm" + l + "/kernel", new long[] {layerInputs(l) + h, 4L * h}));
      specs.add(new WeightSpec("lstm" + l + "/bias", new long[] {4L * h}));
    }
    specs.add(new WeightSpec("output/kernel", new long[] {h, 1}));
    specs.add(new WeightSpec("output/bias", new long[] {1}));
    return specs;
  }

  /**
   * The number of weight tensors, {@code weightSpecs().size()}, computed without building the list (a
   * file can claim any number of layers: this lets a reader check it first).
   */
  public long tensorCount() {
    return 2L * layers + 2;
  }

  /** A named weight tensor's shape. */
  public record WeightSpec(String name, long[] shape) {
    public int size() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return Math.toIntExact(n);
    }
  }
}
