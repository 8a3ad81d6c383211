package dev.l2l.tasks.mnist;

import dev.l2l.core.Feeds;
import dev.l2l.tasks.TaskFamily;
import dev.l2l.tasks.TaskGraph;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Max;
import org.tensorflow.types.TFloat32;

/**
 * The paper's MNIST task (spec section 7): P multi-layer perceptrons classifying minibatches of images,
 *
 * <pre>
 *   a_0 = x,  a_{l+1} = σ(a_l W_l + b_l)  (hidden layers; σ sigmoid or ReLU),  z = a_L W_L + b_L
 *   f(θ) = (1 / (P M)) Σ_p Σ_i [ log Σ_k exp z_{p,i,k} − z_{p,i,y_{p,i}} ]     (softmax cross-entropy)
 * </pre>
 *
 * with M = 128 images per problem per step, drawn afresh at every inner step (see {@link MlpBatch}).
 * θ is [P, D], D = all weights and biases of one MLP (15,910 for 784-20-10), sliced into the layers
 * inside the graph (Slice with int32 offsets: its gradient fails with int64 ones), so every optimizer and the meta-trainer work on it as on the quadratic. Each
 * problem's θ₀ is drawn IID N(0, 0.01²), weights and biases alike (DeepMind's initialisation for this
 * task). Step t's images and one-hot labels are placeholders fed before each session call.
 */
public final class MlpFamily implements TaskFamily<MlpBatch> {
  /** The standard deviation of θ₀. */
  public static final double INIT_STD = 0.01;

  private final MlpConfig config;
  private final MnistData data;

  /** The family on {@code data}: its images feed the minibatches. */
  public MlpFamily(MlpConfig config, MnistData data) {
    this.config = config;
    this.data = data;
  }

  public MlpConfig config() {
    return config;
  }

  public MnistData data() {
    return data;
  }

  /** The same networks on other images (e.g. the held-out part of the training set). */
  public MlpFamily withData(MnistData other) {
    return new MlpFamily(config, other);
  }

  @Override
  public String name() {
    return "mnist-mlp";
  }

  @Override
  public Shape parameterShape() {
    return Shape.of(config.problems(), config.parameters(data.pixels()));
  }

  @Override
  public MlpBatch sample(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] theta = new float[config.problems() * config.parameters(data.pixels())];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = (float) (INIT_STD * random.nextGaussian());
    }
    return new MlpBatch(config, data, random.nextLong(), theta);
  }

  @Override
  public TaskGraph<MlpBatch> build(Ops tf) {
    int p = config.problems();
    int m = config.minibatch();
    int pixels = data.pixels();
    int[] widths = config.widths(pixels);
    Shape imageShape = Shape.of(p, m, pixels);
    Shape labelShape = Shape.of(p, m, MnistData.CLASSES);
    Ops scope = tf.withSubScope("mlp");
    Operand<TFloat32> inverseCount = scope.constant(1f / (p * m));
    // step -> {images, one-hot labels}, created as loss() asks for steps
    TreeMap<Integer, List<Placeholder<TFloat32>>> inputs = new TreeMap<>();
    return new TaskGraph<>() {
      @Override
      public Operand<TFloat32> loss(Operand<TFloat32> theta, int step) {
        List<Placeholder<TFloat32>> in = inputs.computeIfAbsent(step, s -> List.of(
            scope.withName("images_" + s).placeholder(TFloat32.class, Placeholder.shape(imageShape)),
            scope.withName("labels_" + s).placeholder(TFloat32.class, Placeholder.shape(labelShape))));
        Operand<TFloat32> a = in.get(0);
        int offset = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
          int fanIn = widths[l];
          int fanOut = widths[l + 1];
          Operand<TFloat32> w = tf.reshape(
              tf.slice(theta, tf.constant(new int[] {0, offset}), tf.constant(new int[] {p, fanIn * fanOut})),
              tf.constant(new int[] {p, fanIn, fanOut}));
          offset += fanIn * fanOut;
          Operand<TFloat32> b = tf.reshape(
              tf.slice(theta, tf.constant(new int[] {0, offset}), tf.constant(new int[] {p, fanOut})),
              tf.constant(new int[] {p, 1, fanOut}));
          offset += fanOut;
          a = tf.math.add(tf.train.batchMatMul(a, w, TFloat32.class), b);
          if (l + 2 < widths.length) {
            a = config.activation() == MlpConfig.Activation.SIGMOID ? tf.math.sigmoid(a) : tf.nn.relu(a);
          }
        }
        Operand<TFloat32> shift = tf.stopGradient(tf.max(a, tf.constant(2), Max.keepDims(true)));
        Operand<TFloat32> z = tf.math.sub(a, shift);
        Operand<TFloat32> logSumExp = tf.math.log(tf.sum(tf.math.exp(z), tf.constant(2)));
        Operand<TFloat32> picked = tf.sum(tf.math.mul(z, in.get(1)), tf.constant(2));
        Operand<TFloat32> total = tf.sum(tf.math.sub(logSumExp, picked), tf.constant(new int[] {0, 1}));
        return tf.math.mul(total, inverseCount);
      }

      @Override
      public void feed(Feeds feeds, MlpBatch batch, int firstStep) {
        float[] images = new float[p * m * pixels];
        for (var entry : inputs.entrySet()) {
          int[] idx = batch.minibatch(firstStep + entry.getKey());
          float[] labels = new float[p * m * MnistData.CLASSES];
          MnistData source = batch.data();
          for (int i = 0; i < idx.length; i++) {
            System.arraycopy(source.images(), idx[i] * pixels, images, i * pixels, pixels);
            labels[i * MnistData.CLASSES + source.labels()[idx[i]]] = 1f;
          }
          feeds.add(entry.getValue().get(0), imageShape, images);
          feeds.add(entry.getValue().get(1), labelShape, labels);
        }
      }
    };
  }

}
