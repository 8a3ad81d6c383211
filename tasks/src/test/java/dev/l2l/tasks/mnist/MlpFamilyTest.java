package dev.l2l.tasks.mnist;

import static dev.l2l.core.NumericAsserts.assertAllClose;
import static dev.l2l.core.NumericAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.l2l.core.Feeds;
import dev.l2l.core.GraphSession;
import dev.l2l.core.Tensors;
import dev.l2l.tasks.TaskGraph;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** The MLP task's graph (loss and symbolic gradient) against MlpBatch's double-precision reference. */
class MlpFamilyTest {
  /** 30 random 3 × 4 images with random labels. */
  static MnistData tinyData(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] images = new float[30 * 12];
    int[] labels = new int[30];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) r.nextDouble();
    }
    for (int i = 0; i < labels.length; i++) {
      labels[i] = r.nextInt(10);
    }
    return MnistData.of(images, labels, 3, 4);
  }

  /** A θ exactly representable in float, large enough that the hidden units are not all linear. */
  static double[] randomTheta(int size, long seed, double std) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] t = new double[size];
    for (int i = 0; i < size; i++) {
      t[i] = (float) (std * r.nextGaussian());
    }
    return t;
  }

  /** [loss, gradient] at θ for each requested step, from the graph. */
  static double[][] graph(MlpFamily family, MlpBatch batch, double[] theta, int firstStep, int steps) {
    try (GraphSession g = new GraphSession()) {
      Ops tf = g.tf();
      TaskGraph<MlpBatch> task = family.build(tf);
      Placeholder<TFloat32> th = tf.placeholder(TFloat32.class, Placeholder.shape(family.parameterShape()));
      double[][] out = new double[2 * steps][];
      List<Operand<TFloat32>> losses = new java.util.ArrayList<>();
      List<Operand<TFloat32>> grads = new java.util.ArrayList<>();
      for (int s = 0; s < steps; s++) {
        Operand<TFloat32> loss = task.loss(th, s);
        losses.add(loss);
        Gradients grad = tf.gradients(loss, List.of(th));
        grads.add(grad.dy(0));
      }
      try (Feeds feeds = new Feeds()) {
        task.feed(feeds, batch, firstStep);
        feeds.add(th, family.parameterShape(), Tensors.toFloats(theta));
        var runner = feeds.applyTo(g.session().runner());
        for (int s = 0; s < steps; s++) {
          runner.fetch(losses.get(s)).fetch(grads.get(s));
        }
        try (Result r = runner.run()) {
          for (int s = 0; s < steps; s++) {
            out[2 * s] = new double[] {Tensors.toScalar(r.get(2 * s))};
            out[2 * s + 1] = Tensors.toDoubles(r.get(2 * s + 1));
          }
        }
      }
      return out;
    }
  }

  private static void checkAgainstReference(MlpConfig config, MnistData data, double std) {
    MlpFamily family = new MlpFamily(config, data);
    MlpBatch batch = family.sample(11);
    double[] theta = randomTheta(config.problems() * config.parameters(data.pixels()), 5, std);
    int firstStep = 7;
    double[][] g = graph(family, batch, theta, firstStep, 2);
    for (int s = 0; s < 2; s++) {
      String what = config.describe() + " step " + (firstStep + s);
      assertClose(batch.loss(theta, firstStep + s), g[2 * s][0], 1e-5, 1e-6, "loss, " + what);
      assertAllClose(batch.gradient(theta, firstStep + s), g[2 * s + 1], 1e-4, 1e-6, "gradient, " + what);
    }
    // different steps see different minibatches
    assertFalse(g[0][0] == g[2][0], "steps 7 and 8 gave the same loss: the same minibatch?");
  }

  @Test
  void lossAndGradientMatchTheReferenceForEveryVariant() {
    MnistData data = tinyData(1);
    MlpConfig tiny = new MlpConfig(List.of(5), MlpConfig.Activation.SIGMOID, 6, 3);
    checkAgainstReference(tiny, data, 1.0);
    checkAgainstReference(tiny.withActivation(MlpConfig.Activation.RELU), data, 1.0);
    checkAgainstReference(tiny.withHidden(List.of(4, 3)), data, 1.0);
    checkAgainstReference(tiny.withHidden(List.of(4, 3)).withActivation(MlpConfig.Activation.RELU), data, 1.0);
  }

  @Test
  void lossAndGradientMatchTheReferenceOnRealImages() throws IOException {
    MnistData data = MnistData.load(FashionMnistFiles.dir(), Split.TEST).range(0, 200);
    checkAgainstReference(new MlpConfig(List.of(20), MlpConfig.Activation.SIGMOID, 16, 1), data, 0.1);
  }

  @Test
  void theReferenceGradientMatchesCentralDifferences() {
    MnistData data = tinyData(2);
    for (MlpConfig.Activation a : MlpConfig.Activation.values()) {
      MlpConfig config = new MlpConfig(List.of(3, 2), a, 4, 2);
      MlpBatch batch = new MlpFamily(config, data).sample(3);
      double[] theta = randomTheta(config.problems() * config.parameters(data.pixels()), 9, 1.0);
      double[] grad = batch.gradient(theta, 4);
      double h = 1e-6;
      double[] fd = new double[theta.length];
      for (int k = 0; k < theta.length; k++) {
        double[] plus = theta.clone();
        double[] minus = theta.clone();
        plus[k] += h;
        minus[k] -= h;
        fd[k] = (batch.loss(plus, 4) - batch.loss(minus, 4)) / (2 * h);
      }
      assertAllClose(fd, grad, 1e-5, 1e-8, "reference gradient, " + a);
    }
  }

  @Test
  void theInitialLossIsLogTenAndTheShapesAreRight() throws IOException {
    MnistData data = MnistData.load(FashionMnistFiles.dir(), Split.TEST);
    MlpFamily family = new MlpFamily(MlpConfig.defaults(), data);
    assertArrayEquals(new long[] {1, 15910}, family.parameterShape().asArray());
    MlpBatch batch = family.sample(42);
    float[] theta0 = batch.initialParameters();
    double sq = 0;
    for (float v : theta0) {
      sq += v * v;
    }
    assertClose(MlpFamily.INIT_STD, Math.sqrt(sq / theta0.length), 0.03, 0, "θ₀ std");
    // With N(0, 0.01²) weights the outputs are nearly uniform: the loss is about log 10.
    double[] g = graph(family, batch, dev.l2l.core.NumericAsserts.toDoubles(theta0), 0, 1)[0];
    assertClose(Math.log(10), g[0], 0.01, 0, "initial loss");
    // about 10 % accuracy before training
    assertClose(0.1, batch.accuracy(theta0, data)[0], 0.5, 0, "accuracy at θ₀");
  }

  @Test
  void theSameSeedGivesTheSameProblem() {
    MlpFamily family = new MlpFamily(MlpConfig.defaults().withMinibatch(8), tinyData(3));
    assertArrayEquals(family.sample(5).initialParameters(), family.sample(5).initialParameters());
    assertArrayEquals(family.sample(5).minibatch(17), family.sample(5).minibatch(17));
    assertFalse(java.util.Arrays.equals(family.sample(5).minibatch(17), family.sample(6).minibatch(17)));
  }

  @Test
  void accuracyCountsTheArgMax() {
    // 1 pixel per image, no hidden effect: output k = b_k, so every image is classified as the largest bias.
    MnistData data = MnistData.of(new float[] {0, 0, 0, 0}, new int[] {3, 3, 1, 7}, 1, 1);
    MlpConfig config = new MlpConfig(List.of(1), MlpConfig.Activation.RELU, 2, 1);
    float[] theta = new float[config.parameters(1)];
    theta[theta.length - 10 + 3] = 1f; // output bias of class 3
    MlpBatch batch = new MlpBatch(config, data, 0, theta);
    assertEquals(0.5, batch.accuracy(theta, data)[0], 1e-12);
  }

  @Test
  void badConfigurationsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new MlpConfig(List.of(), MlpConfig.Activation.SIGMOID, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new MlpConfig(List.of(0), MlpConfig.Activation.SIGMOID, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new MlpConfig(List.of(2), null, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new MlpConfig(List.of(2), MlpConfig.Activation.RELU, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new MlpConfig(List.of(2), MlpConfig.Activation.RELU, 1, 0));
    assertEquals(15910, MlpConfig.defaults().parameters(784));
    assertEquals(784 * 20 + 20 + 20 * 20 + 20 + 20 * 10 + 10, MlpConfig.defaults().withHidden(List.of(20, 20)).parameters(784));
  }
}
