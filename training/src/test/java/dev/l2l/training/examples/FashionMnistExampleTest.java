package dev.l2l.training.examples;

import static dev.l2l.core.NumericAsserts.assertBitIdentical;
import static dev.l2l.core.NumericAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.GraphSession;
import dev.l2l.core.SessionConfig;
import dev.l2l.core.Tensors;
import dev.l2l.optimizers.Adam;
import dev.l2l.tasks.mnist.MnistData;
import dev.l2l.training.OptimizerFactory;
import dev.l2l.training.attach.Pretrained;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

class FashionMnistExampleTest {
  @Test
  void crossEntropyMatchesTheDoubleReference() {
    SplittableRandom random = new SplittableRandom(3);
    int n = 4;
    int c = MnistData.CLASSES;
    float[] logits = new float[n * c];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (8 * random.nextDouble() - 4);
    }
    logits[5] = 60f; // a large logit: the shift by the maximum keeps exp finite
    int[] labels = {5, 0, 9, 3};
    float[] oneHot = new float[n * c];
    double expected = 0;
    for (int i = 0; i < n; i++) {
      oneHot[i * c + labels[i]] = 1f;
      double sum = 0;
      for (int k = 0; k < c; k++) {
        sum += Math.exp(logits[i * c + k]);
      }
      expected += (Math.log(sum) - logits[i * c + labels[i]]) / n;
    }
    try (GraphSession g = new GraphSession()) {
      Operand<TFloat32> loss = FashionMnistExample.crossEntropy(g.tf(),
          g.tf().constant(Shape.of(n, c), org.tensorflow.ndarray.buffer.DataBuffers.of(logits, true, false)),
          g.tf().constant(Shape.of(n, c), org.tensorflow.ndarray.buffer.DataBuffers.of(oneHot, true, false)));
      try (Result r = g.session().runner().fetch(loss).run()) {
        assertClose(expected, Tensors.toScalar(r.get(0)), 1e-6, 1e-6, "mean cross-entropy");
      }
    }
  }

  /** 4×4 images whose label is the brightest of the first ten pixels: learnable in a few dozen steps. */
  private static MnistData synthetic(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] images = new float[count * 16];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < 16; p++) {
        images[i * 16 + p] = (float) random.nextDouble() * 0.5f;
      }
      labels[i] = random.nextInt(10);
      images[i * 16 + labels[i]] = 1f;
    }
    return MnistData.of(images, labels, 4, 4);
  }

  @Test
  void bothOptimizersTrainTheMlpAndTheSameSeedGivesTheSameRun() {
    FashionMnistExample example = new FashionMnistExample(synthetic(512, 1), synthetic(300, 2),
        new FashionMnistExample.Model(20, false, 32, FashionMnistExample.Init.GLOROT), SessionConfig.defaults());
    FashionMnistExample.Run adam = example.train("Adam", OptimizerFactory.of(new Adam(0.03)), 60, 0);
    assertEquals(60, adam.losses().length);
    assertTrue(FashionMnistExample.tailMean(adam.losses()) < 0.5 * adam.losses()[0],
        "Adam lowers the loss: " + Arrays.toString(adam.losses()));
    assertTrue(adam.testAccuracy() > 0.6, "far above chance (0.1): " + adam.testAccuracy());
    FashionMnistExample.Run again = example.train("Adam", OptimizerFactory.of(new Adam(0.03)), 60, 0);
    assertBitIdentical(adam.losses(), again.losses(), "same seed, same weights and minibatches");
    FashionMnistExample.Run lstm =
        example.train("LSTM", Pretrained.optimizer(Pretrained.quadratic()), 60, 0);
    assertEquals(adam.losses()[0], lstm.losses()[0], "both start from the same weights and minibatch");
    assertTrue(FashionMnistExample.tailMean(lstm.losses()) < lstm.losses()[0],
        "the learned optimizer lowers the loss: " + Arrays.toString(lstm.losses()));

    FashionMnistExample small = new FashionMnistExample(synthetic(512, 1), synthetic(300, 2),
        new FashionMnistExample.Model(20, false, 32, FashionMnistExample.Init.SMALL), SessionConfig.defaults());
    FashionMnistExample.Run fromSmall = small.train("Adam", OptimizerFactory.of(new Adam(0.03)), 60, 0);
    assertClose(Math.log(10), fromSmall.losses()[0], 1e-3, 0, "N(0, 0.01²) weights: all classes nearly equally likely");
    assertTrue(FashionMnistExample.tailMean(fromSmall.losses()) < 0.7 * fromSmall.losses()[0],
        "Adam lowers the loss from the small init: " + Arrays.toString(fromSmall.losses()));
  }
}
