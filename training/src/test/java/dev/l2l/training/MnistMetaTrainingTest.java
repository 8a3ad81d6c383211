package dev.l2l.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.l2l.core.SessionConfig;
import dev.l2l.tasks.mnist.MlpConfig;
import dev.l2l.tasks.mnist.MlpFamily;
import dev.l2l.tasks.mnist.MnistData;
import dev.l2l.tasks.mnist.Split;
import dev.l2l.training.io.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Meta-training and evaluation on real MNIST-format data (Fashion-MNIST from Debian). */
class MnistMetaTrainingTest {
  private static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");
  private static MnistData test;

  @BeforeAll
  static void load() throws IOException {
    assumeTrue(Files.isRegularFile(DATA.resolve("t10k-images-idx3-ubyte.gz")),
        "real data missing: apt-get install dataset-fashion-mnist");
    test = MnistData.load(DATA, Split.TEST);
  }

  @Test
  void aShortMetaTrainingRunOnRealImagesLowersTheMetaLoss() {
    // The reproduction's schedule (784-20-10 sigmoid, minibatch 128, 5 unrolls of 20 per problem, meta
    // learning rate 0.005), 5 outer steps only. The meta-loss, the sum of f over 100 steps, is compared on
    // the same 3 fixed problems before and after, so problem-to-problem noise does not decide.
    MlpFamily family = new MlpFamily(MlpConfig.defaults(), test.range(0, 8000));
    MetaTrainingConfig config = MetaTrainingConfig.defaults().withLstm(MnistReproduction.Config.lstm())
        .withOuterSteps(5).withMetaLearningRate(0.005).withValidation(5, 1);
    List<Double> metaLosses = new ArrayList<>();
    try (MetaTrainer<dev.l2l.tasks.mnist.MlpBatch> trainer = new MetaTrainer<>(family, config, SessionConfig.defaults())) {
      TrainingState start = trainer.initialState();
      TrainingResult result = trainer.train(start, p -> metaLosses.add(p.metaLoss()), s -> {});
      assertEquals(5, metaLosses.size());
      assertEquals(0, result.skippedUnrolls());
      double before = 0;
      double after = 0;
      for (int i = 0; i < 3; i++) {
        var problem = family.sample(1000 + i);
        before += sum(trainer.evaluate(start.weights(), problem, 100));
        after += sum(trainer.evaluate(result.last().all(), problem, 100));
      }
      assertTrue(after < 0.9 * before, "meta-loss on 3 fixed problems: " + before + " before, " + after + " after");
    }
  }

  /** TensorFlow has no gradient of SigmoidGrad: second order on the MLP is refused with a message, not a crash. */
  @Test
  void secondOrderOnTheMlpIsRefusedClearly() {
    MlpFamily family = new MlpFamily(MlpConfig.defaults(), test.range(0, 1000));
    MetaTrainingConfig config = MetaTrainingConfig.defaults()
        .withLstm(MnistReproduction.Config.lstm().withSecondOrder(true)).withUnroll(2, 1);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new MetaTrainer<>(family, config, SessionConfig.defaults()).close());
    assertTrue(e.getMessage().contains("second-order meta-gradients") && e.getMessage().contains("SigmoidGrad")
        && e.getMessage().contains("first-order"), e.getMessage());
  }

  /** Σ f(θ_t) for t = 1..T, the meta-loss of a whole problem. */
  private static double sum(double[] losses) {
    double s = 0;
    for (int t = 1; t < losses.length; t++) {
      s += losses[t];
    }
    return s;
  }

  @Test
  void evaluationMeasuresTheTestAccuracyOfTheFinalParameters() {
    MlpFamily family = new MlpFamily(MlpConfig.defaults(), test.range(0, 5000));
    MnistData heldOutTest = test.range(5000, 10000);
    ProblemSet problems = new ProblemSet("evaluation", 1, 2);
    MnistReproduction.Result r = MnistReproduction.evaluate(family, OptimizerFactory.of(new dev.l2l.optimizers.Adam(0.01)),
        problems, 40, heldOutTest, "lr 0.01", SessionConfig.defaults());
    assertEquals(2, r.accuracy().length);
    assertEquals(41, r.curve().mean().length);
    assertTrue(r.curve().finalMean() < 0.7 * r.curve().mean()[0], "Adam lowers the loss in 40 steps: " + r.curve().finalMean());
    // The accuracy of the final θ, recomputed here from an independent run of the same problem.
    try (InnerLoop<dev.l2l.tasks.mnist.MlpBatch> loop =
        new InnerLoop<>(family, OptimizerFactory.of(new dev.l2l.optimizers.Adam(0.01)))) {
      var batch = family.sample(problems.batchSeed(1));
      float[] theta = loop.trajectory(batch, 40).parameters().get(40);
      assertEquals(batch.accuracy(theta, heldOutTest)[0], r.accuracy()[1], 1e-12);
    }
    assertTrue(r.meanAccuracy() > 0.4, "40 Adam steps classify far better than chance: " + r.meanAccuracy());
  }

  @Test
  void theShippedMnistCheckpointLoadsAndIsTheMnistLstm() throws IOException {
    Path file = Files.createTempFile("mnist", ".l2l");
    try (InputStream in = MnistReproduction.class.getResourceAsStream("/dev/l2l/pretrained/mnist.l2l")) {
      assumeTrue(in != null, "no shipped MNIST checkpoint yet");
      Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Checkpoint c = Checkpoint.load(file);
    assertEquals(MnistReproduction.Config.lstm(), c.weights().config());
    assertEquals("mnist", c.properties().get("task"));
    Files.delete(file);
  }
}
