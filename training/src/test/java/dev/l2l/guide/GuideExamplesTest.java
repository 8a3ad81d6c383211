package dev.l2l.guide;

import static dev.l2l.core.NumericAsserts.assertBitIdentical;
import static dev.l2l.core.NumericAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.training.Curve;
import dev.l2l.training.Evaluation;
import dev.l2l.training.LearnedOptimizers;
import dev.l2l.training.MetaTrainer;
import dev.l2l.training.MetaTrainingConfig;
import dev.l2l.training.TrainingListener;
import dev.l2l.training.TrainingResult;
import dev.l2l.training.io.Checkpoint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the code that README.md and docs/guide.md quote, and checks what the guide says it does. */
class GuideExamplesTest {
  @TempDir Path folder;

  @Test
  void oneStepByHand() {
    List<float[]> updates = GuideExamples.oneStep();
    float[] adam = updates.get(0);
    // Adam's first step is −α m̂ / (√v̂ + ε) = −α sign(g) up to ε.
    float[] expected = {-0.1f, 0.1f, -0.1f};
    for (int i = 0; i < 3; i++) {
      assertClose(expected[i], adam[i], 1e-5, 0, "Adam's first update, coordinate " + i);
    }
    float[] lstm = updates.get(1);
    assertEquals(3, lstm.length, "the LSTM gives one update per coordinate");
    for (float u : lstm) {
      assertTrue(Float.isFinite(u) && u != 0, "an untrained LSTM's update is finite and not zero: " + Arrays.toString(lstm));
    }
  }

  @Test
  void theOwnTaskFamilyIsLearnedByAdamAndCanBeMetaTrainedOn() {
    Curve curve = GuideExamples.ownTask();
    assertClose(Math.log(2), curve.mean()[0], 1e-6, 0, "θ₀ = 0: every point's loss is log 2");
    assertTrue(curve.finalMean() < 0.3 * curve.mean()[0],
        "Adam separates the points: " + curve.mean()[0] + " -> " + curve.finalMean());
    LogisticFamily family = new LogisticFamily(4, 16, 3);
    MetaTrainingConfig config = MetaTrainingConfig.defaults().withOuterSteps(3).withUnroll(5, 2).withValidation(3, 1);
    try (MetaTrainer<LogisticFamily.Batch> trainer = new MetaTrainer<>(family, config, SessionConfig.defaults())) {
      TrainingResult result = trainer.train(TrainingListener.none());
      assertEquals(0, result.skippedUnrolls(), "every meta-gradient through the family's loss is finite");
      assertTrue(result.last().isFinite());
    }
  }

  @Test
  void theGuideRunsFromTaskToCheckpoint() throws IOException {
    QuadraticFamily family = GuideExamples.quadratic();

    GuideExamples.HandCrafted handCrafted = GuideExamples.handCrafted(family);
    assertEquals(1.0, handCrafted.adam().learningRate(), 1e-9, "the search picks Adam's rate 1 of 0.01, 0.1, 1, 10");
    for (Curve c : handCrafted.curves()) {
      assertTrue(c.finalMean() < 0.02 * c.mean()[0], c.name() + " lowers the loss: " + c.mean()[0] + " -> " + c.finalMean());
    }

    GuideExamples.Trained trained = GuideExamples.metaTrain(family);
    List<Double> metaLosses = trained.metaLosses();
    assertEquals(60, metaLosses.size(), "one meta-loss per outer step");
    double first = metaLosses.subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double last = metaLosses.subList(50, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertTrue(last < 0.3 * first, "the meta-loss falls: first 10 outer steps " + first + ", last 10 " + last);
    assertTrue(trained.result().bestOuterStep() > 0, "a trained weight set beats the initial one in validation");

    LstmWeights best = trained.result().best();
    List<Curve> evaluated = GuideExamples.evaluate(family, best, handCrafted.adam());
    Curve adam = evaluated.get(0);
    Curve lstm = evaluated.get(1);
    Curve untrained = Evaluation.run(family, LearnedOptimizers.withWeights(LstmWeights.initial(best.config(), 0)),
        Evaluation.heldOut(), 100, SessionConfig.defaults());
    assertTrue(lstm.finalMean() < 0.01 * untrained.finalMean(),
        "meta-training made the LSTM an optimizer: " + lstm.finalMean() + " vs untrained " + untrained.finalMean());
    assertTrue(lstm.finalMean() < adam.finalMean(),
        "even this short run ends below tuned Adam on the held-out problems: " + lstm.finalMean() + " vs " + adam.finalMean());

    BufferedImage image = GuideExamples.plot(adam, lstm, folder);
    assertEquals(900, image.getWidth());
    assertTrue(Files.size(folder.resolve("figure.png")) > 0 && Files.size(folder.resolve("figure.svg")) > 0);
    assertEquals("step,Adam_mean,Adam_std,LSTM_mean,LSTM_std", Files.readAllLines(folder.resolve("curves.csv")).get(0));

    Curve reloaded = GuideExamples.checkpoint(family, best, folder);
    assertEquals("docs/guide.md", Checkpoint.load(folder.resolve("checkpoint.l2l")).properties().get("note"));
    for (int b = 0; b < lstm.perBatch().length; b++) {
      assertBitIdentical(lstm.perBatch()[b], reloaded.perBatch()[b], "the loaded checkpoint on held-out batch " + b);
    }
  }

  @Test
  @Tag("slow")
  void theReadmeExampleBeatsAdam() {
    List<Curve> curves = GuideExamples.readme();
    assertTrue(curves.get(1).finalMean() < curves.get(0).finalMean(),
        "README: the meta-trained LSTM ends below Adam: " + curves.get(1).finalMean() + " vs " + curves.get(0).finalMean());
  }
}
