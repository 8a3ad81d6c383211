package dev.l2l.tasks.mnist;

import java.util.List;

/**
 * The MNIST MLP family's settings (spec section 7).
 *
 * @param hidden units of each hidden layer; default {@code [20]} (the paper's base network)
 * @param activation the hidden layers' nonlinearity; default {@link Activation#SIGMOID}
 * @param minibatch images per problem per step; default 128
 * @param problems P, MLPs trained side by side in one batch (each its own initialisation and data
 *     stream; the loss is their mean); default 1, as in the paper
 */
public record MlpConfig(List<Integer> hidden, Activation activation, int minibatch, int problems) {
  /** The hidden layers' nonlinearity. */
  public enum Activation {
    SIGMOID,
    RELU
  }

  public MlpConfig {
    if (hidden == null || hidden.isEmpty()) {
      throw new IllegalArgumentException("the MLP needs at least one hidden layer, got " + hidden);
    }
    for (Integer h : hidden) {
      if (h == null || h <= 0) {
        throw new IllegalArgumentException("hidden layer sizes must be positive, got " + hidden);
      }
    }
    hidden = List.copyOf(hidden);
    if (activation == null) {
      throw new IllegalArgumentException("activation must be SIGMOID or RELU");
    }
    if (minibatch <= 0) {
      throw new IllegalArgumentException("minibatch must be positive, got " + minibatch);
    }
    if (problems <= 0) {
      throw new IllegalArgumentException("problems must be positive, got " + problems);
    }
  }

  /** The paper's base network: one hidden layer of 20 sigmoid units, minibatch 128, one problem. */
  public static MlpConfig defaults() {
    return new MlpConfig(List.of(20), Activation.SIGMOID, 128, 1);
  }

  public MlpConfig withHidden(List<Integer> h) {
    return new MlpConfig(h, activation, minibatch, problems);
  }

  public MlpConfig withActivation(Activation a) {
    return new MlpConfig(hidden, a, minibatch, problems);
  }

  public MlpConfig withMinibatch(int m) {
    return new MlpConfig(hidden, activation, m, problems);
  }

  public MlpConfig withProblems(int p) {
    return new MlpConfig(hidden, activation, minibatch, p);
  }

  /** The width of every layer from the input to the 10 outputs, e.g. {@code [784, 20, 10]}. */
  public int[] widths(int inputs) {
    int[] w = new int[hidden.size() + 2];
    w[0] = inputs;
    for (int i = 0; i < hidden.size(); i++) {
      w[i + 1] = hidden.get(i);
    }
    w[w.length - 1] = MnistData.CLASSES;
    return w;
  }

  /** D, the parameters of one MLP: Σ (in × out + out) over the layers (15,910 for the base network). */
  public int parameters(int inputs) {
    int[] w = widths(inputs);
    long d = 0;
    for (int l = 0; l + 1 < w.length; l++) {
      d += (long) w[l] * w[l + 1] + w[l + 1];
    }
    return Math.toIntExact(d);
  }

  /** A short description, e.g. {@code 20 sigmoid} or {@code 20-20 relu}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hidden.size(); i++) {
      sb.append(i == 0 ? "" : "-").append(hidden.get(i));
    }
    return sb + " " + activation.name().toLowerCase(java.util.Locale.ROOT);
  }
}
