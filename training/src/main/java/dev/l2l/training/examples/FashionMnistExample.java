package dev.l2l.training.examples;

import dev.l2l.core.GraphSession;
import dev.l2l.core.SessionConfig;
import dev.l2l.core.Tensors;
import dev.l2l.optimizers.Adam;
import dev.l2l.tasks.mnist.MnistData;
import dev.l2l.training.Curve;
import dev.l2l.training.OptimizerFactory;
import dev.l2l.training.attach.AttachedOptimizer;
import dev.l2l.training.attach.TrainableVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A user's program: a small MLP classifier (784 → hidden → 10, softmax cross-entropy) built with its
 * own resource variables, trained on minibatches by an optimizer {@link AttachedOptimizer attached}
 * to its graph. It is not one of the library's tasks: it uses only the public attach API.
 *
 * <p>Every run with the same seed draws the same initial weights and the same minibatches, so two
 * optimizers are compared on exactly the same problem.
 */
public final class FashionMnistExample {
  /** One training run: the minibatch loss before every step and the final test accuracy. */
  public record Run(String optimizer, double[] losses, double testAccuracy) {}

  /**
   * The model's settings.
   *
   * @param hidden units of the hidden layer (the paper's MNIST MLP: 20)
   * @param sigmoid sigmoid hidden units (the paper) or ReLU
   * @param batch minibatch size (the paper: 128)
   * @param init how the weights and biases start
   */
  public record Model(int hidden, boolean sigmoid, int batch, Init init) {
    public Model {
      if (hidden <= 0 || batch <= 0) {
        throw new IllegalArgumentException("hidden units and batch size must be positive, got " + hidden + ", " + batch);
      }
      if (init == null) {
        throw new IllegalArgumentException("init must be one of " + java.util.Arrays.toString(Init.values()));
      }
    }
  }

  /** How the MLP's parameters start. */
  public enum Init {
    /** Every weight and bias N(0, 0.01²): the MNIST experiment's, so a learned optimizer sees its training task. */
    SMALL,
    /** Weights uniform in ±√(6 / (fan_in + fan_out)), biases zero. */
    GLOROT
  }

  private final MnistData train;
  private final MnistData test;
  private final Model model;
  private final SessionConfig session;

  public FashionMnistExample(MnistData train, MnistData test, Model model, SessionConfig session) {
    this.train = train;
    this.test = test;
    this.model = model;
    this.session = session;
  }

  /** Trains a fresh MLP (weights and minibatches from {@code seed}) for {@code steps} steps. */
  public Run train(String name, OptimizerFactory optimizer, int steps, long seed) {
    int pixels = train.pixels();
    int classes = MnistData.CLASSES;
    SplittableRandom random = new SplittableRandom(seed);
    try (GraphSession graph = new GraphSession(session)) {
      Ops tf = graph.tf();
      // [attach]
      // The model: resource variables, and a loss built from their value() reads.
      Placeholder<TFloat32> images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, pixels)));
      Placeholder<TFloat32> oneHot = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
      TrainableVariable w1 = TrainableVariable.create(tf, "w1", Shape.of(pixels, model.hidden()),
          initial(tf, random, pixels, model.hidden()));
      TrainableVariable b1 = TrainableVariable.create(tf, "b1", Shape.of(model.hidden()),
          initial(tf, random, 0, model.hidden()));
      TrainableVariable w2 = TrainableVariable.create(tf, "w2", Shape.of(model.hidden(), classes),
          initial(tf, random, model.hidden(), classes));
      TrainableVariable b2 = TrainableVariable.create(tf, "b2", Shape.of(classes),
          initial(tf, random, 0, classes));
      Operand<TFloat32> preActivation = tf.math.add(tf.linalg.matMul(images, w1.value()), b1.value());
      Operand<TFloat32> hidden =
          model.sigmoid() ? tf.math.sigmoid(preActivation) : tf.nn.relu(preActivation);
      Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(hidden, w2.value()), b2.value());
      Operand<TFloat32> loss = crossEntropy(tf, logits, oneHot);

      // The optimizer: one train op per step; initOp initialises the variables and its state.
      AttachedOptimizer opt = AttachedOptimizer.attach(tf, optimizer, loss, List.of(w1, b1, w2, b2));
      Session s = graph.session();
      s.runner().addTarget(opt.initOp()).run().close();
      double[] losses = new double[steps];
      for (int t = 0; t < steps; t++) {
        int[] picked = minibatch(random);
        try (TFloat32 x = Tensors.of(Shape.of(picked.length, pixels), pixelsOf(train, picked));
            TFloat32 y = Tensors.of(Shape.of(picked.length, classes), oneHotOf(train, picked));
            Result r = s.runner().feed(images, x).feed(oneHot, y).fetch(loss).addTarget(opt.trainOp()).run()) {
          losses[t] = Tensors.toScalar(r.get(0)); // the minibatch loss before this step's update
        }
      }
      // [attach-end]
      return new Run(name, losses, accuracy(s, images, logits));
    }
  }

  /** Mean over the batch of −log softmax(logits)[label], with a stable log-sum-exp. */
  static Operand<TFloat32> crossEntropy(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> oneHot) {
    Operand<TFloat32> max = tf.stopGradient(tf.max(logits, tf.constant(new int[] {1}), org.tensorflow.op.core.Max.keepDims(true)));
    Operand<TFloat32> shifted = tf.math.sub(logits, max);
    Operand<TFloat32> logSumExp =
        tf.math.log(tf.sum(tf.math.exp(shifted), tf.constant(new int[] {1})));
    Operand<TFloat32> picked = tf.sum(tf.math.mul(shifted, oneHot), tf.constant(new int[] {1}));
    return tf.math.mean(tf.math.sub(logSumExp, picked), tf.constant(new int[] {0}));
  }

  /** Initial values of {@link Model#init()}: a weight matrix [in, out], or a bias [out] when {@code in} is 0. */
  private Operand<TFloat32> initial(Ops tf, SplittableRandom random, int in, int out) {
    float[] v = new float[Math.max(in, 1) * out];
    for (int i = 0; i < v.length; i++) {
      if (model.init() == Init.SMALL) {
        v[i] = (float) (0.01 * random.nextGaussian());
      } else if (in > 0) {
        v[i] = (float) ((2 * random.nextDouble() - 1) * Math.sqrt(6.0 / (in + out)));
      }
    }
    Shape shape = in > 0 ? Shape.of(in, out) : Shape.of(out);
    return tf.constant(shape, DataBuffers.of(v, true, false));
  }

  private int[] minibatch(SplittableRandom random) {
    int[] picked = new int[model.batch()];
    for (int i = 0; i < picked.length; i++) {
      picked[i] = random.nextInt(train.count());
    }
    return picked;
  }

  private static float[] pixelsOf(MnistData data, int[] picked) {
    int p = data.pixels();
    float[] out = new float[picked.length * p];
    for (int i = 0; i < picked.length; i++) {
      System.arraycopy(data.images(), picked[i] * p, out, i * p, p);
    }
    return out;
  }

  private static float[] oneHotOf(MnistData data, int[] picked) {
    float[] out = new float[picked.length * MnistData.CLASSES];
    for (int i = 0; i < picked.length; i++) {
      out[i * MnistData.CLASSES + data.labels()[picked[i]]] = 1f;
    }
    return out;
  }

  /** The fraction of test images whose largest logit is the label's (computed in Java). */
  private double accuracy(Session s, Placeholder<TFloat32> images, Operand<TFloat32> logits) {
    int correct = 0;
    int chunk = 2000;
    for (int from = 0; from < test.count(); from += chunk) {
      int to = Math.min(test.count(), from + chunk);
      int[] picked = new int[to - from];
      for (int i = 0; i < picked.length; i++) {
        picked[i] = from + i;
      }
      try (TFloat32 x = Tensors.of(Shape.of(picked.length, test.pixels()), pixelsOf(test, picked));
          Result r = s.runner().feed(images, x).fetch(logits).run()) {
        float[] l = Tensors.toFloats(r.get(0));
        for (int i = 0; i < picked.length; i++) {
          int best = 0;
          for (int c = 1; c < MnistData.CLASSES; c++) {
            if (l[i * MnistData.CLASSES + c] > l[i * MnistData.CLASSES + best]) {
              best = c;
            }
          }
          if (best == test.labels()[from + i]) {
            correct++;
          }
        }
      }
    }
    return (double) correct / test.count();
  }

  /**
   * Adam's learning rate by a small grid: each rate trains {@code steps} steps from a tuning seed (not
   * the seeds of the reported runs) and the lowest mean loss over the last tenth of the steps wins.
   */
  public double tuneAdam(double[] rates, int steps, long tuningSeed) {
    double best = Double.NaN;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (double rate : rates) {
      double[] losses = train("Adam", OptimizerFactory.of(new Adam(rate)), steps, tuningSeed).losses();
      double tail = tailMean(losses);
      if (tail < bestLoss) {
        bestLoss = tail;
        best = rate;
      }
    }
    return best;
  }

  /** The mean of the last tenth (at least one) of {@code losses}; NaN-safe: NaN counts as infinite. */
  public static double tailMean(double[] losses) {
    int k = Math.max(1, losses.length / 10);
    double sum = 0;
    for (int i = losses.length - k; i < losses.length; i++) {
      sum += Double.isFinite(losses[i]) ? losses[i] : Double.POSITIVE_INFINITY;
    }
    return sum / k;
  }

  /** Several runs of one optimizer as a {@link Curve} (one row per seed). */
  public static Curve curve(String name, List<Run> runs) {
    List<double[]> rows = new ArrayList<>();
    for (Run r : runs) {
      rows.add(r.losses());
    }
    return Curve.of(name, rows.toArray(new double[0][]));
  }
}
