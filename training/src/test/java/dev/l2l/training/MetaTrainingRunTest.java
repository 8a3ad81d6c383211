package dev.l2l.training;

import static dev.l2l.core.NumericAsserts.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.Seeds;
import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A short, real meta-training run on small quadratic batches, and its reproducibility. */
class MetaTrainingRunTest {
  private static final QuadraticFamily FAMILY =
      new QuadraticFamily(QuadraticConfig.defaults().withBatchSize(16));

  static MetaTrainingConfig config(int outerSteps) {
    return MetaTrainingConfig.defaults()
        .withOuterSteps(outerSteps)
        .withUnroll(5, 4)
        .withMetaLearningRate(0.01)
        .withValidation(10, 2)
        .withSeed(3);
  }

  private static double mean(List<Double> v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v.get(i);
    }
    return s / (to - from);
  }

  @Test
  void metaLossFallsAndValidationImproves() {
    int outer = 40;
    MetaTrainingConfig config = config(outer);
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(FAMILY, config, SessionConfig.defaults())) {
      int ops = trainer.operationCount();
      LstmWeights initial = LstmWeights.initial(config.lstm(), Seeds.derive(config.seed(), "initial-weights"));
      double initialValidation = trainer.validationLoss(initial.all());
      List<TrainingProgress> progress = new ArrayList<>();
      TrainingResult result = trainer.train(progress::add);
      List<Double> metaLosses = new ArrayList<>();
      for (TrainingProgress p : progress) {
        metaLosses.add(p.metaLoss());
      }
      assertEquals(ops, trainer.operationCount(), "training must not add ops");
      assertEquals(outer, progress.size());
      double first = mean(metaLosses, 0, 5);
      double last = mean(metaLosses, outer - 5, outer);
      assertTrue(last < 0.6 * first, "meta-loss falls: first 5 " + first + ", last 5 " + last);
      assertTrue(result.bestValidationLoss() < initialValidation,
          "best validation " + result.bestValidationLoss() + " vs initial " + initialValidation);
      assertTrue(result.bestOuterStep() > 0);
      assertEquals(result.bestValidationLoss(), trainer.validationLoss(result.best().all()), 0.0,
          "the reported best validation loss is that of the returned weights");
      assertEquals(0, result.skippedUnrolls());
      // validation happened at outer steps 10, 20, 30, 40 and nowhere else
      for (TrainingProgress p : progress) {
        assertEquals(p.outerStep() % 10 == 0, !Double.isNaN(p.validationLoss()), "validation at step " + p.outerStep());
      }
      assertEquals(result.bestValidationLoss(), progress.get(outer - 1).bestValidationLoss(), 0.0);
    }
  }

  private static void assertSameWeights(LstmWeights expected, LstmWeights actual, String what) {
    assertEquals(expected.count(), actual.count());
    for (int i = 0; i < expected.count(); i++) {
      assertBitIdentical(expected.get(i), actual.get(i), what + ", tensor " + i);
    }
  }

  @Test
  void oneTrainerTrainedTwiceGivesIdenticalWeights() {
    MetaTrainingConfig config = config(4).withValidation(2, 1);
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(FAMILY, config, SessionConfig.defaults())) {
      TrainingResult a = trainer.train(TrainingListener.none());
      TrainingResult b = trainer.train(TrainingListener.none());
      assertSameWeights(a.last(), b.last(), "last weights");
      assertSameWeights(a.best(), b.best(), "best weights");
      assertEquals(a.bestValidationLoss(), b.bestValidationLoss(), 0.0);
      // and training did change the weights
      LstmWeights initial = LstmWeights.initial(config.lstm(), Seeds.derive(config.seed(), "initial-weights"));
      assertTrue(a.last().get(0)[0] != initial.get(0)[0]);
    }
  }

  /**
   * Two trainers built in the same process from the same seed must give bit-identical weights. If
   * {@code addGradients} orders AddN inputs differently between builds (tf-java-notes item 5), this
   * fails: see the message for the first differing tensor.
   */
  @Test
  void twoTrainersWithTheSameSeedGiveIdenticalWeights() {
    MetaTrainingConfig config = config(4).withValidation(2, 1);
    TrainingResult a;
    TrainingResult b;
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(FAMILY, config, SessionConfig.defaults())) {
      a = trainer.train(TrainingListener.none());
    }
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(FAMILY, config, SessionConfig.defaults())) {
      b = trainer.train(TrainingListener.none());
    }
    assertSameWeights(a.last(), b.last(), "last weights of two builds");
    assertEquals(a.bestValidationLoss(), b.bestValidationLoss(), 0.0);
    // a different seed really gives different weights
    try (MetaTrainer<QuadraticBatch> trainer =
        new MetaTrainer<>(FAMILY, config.withSeed(4), SessionConfig.defaults())) {
      TrainingResult c = trainer.train(TrainingListener.none());
      assertTrue(c.last().get(2)[0] != a.last().get(2)[0]);
    }
  }

  /** An LSTM whose updates overflow float: every unroll is non-finite, skipped, and training stops. */
  @Test
  void nonFiniteUnrollsAreSkippedAndDivergenceKeepsTheInitialWeights() {
    MetaTrainingConfig exploding = config(30)
        .withLstm(LstmConfig.defaults().withHiddenUnits(4).withOutputScale(1e30))
        .withValidation(100, 1);
    LstmWeights initial = LstmWeights.initial(exploding.lstm(), Seeds.derive(exploding.seed(), "initial-weights"));
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(FAMILY, exploding, SessionConfig.defaults())) {
      trainer.train(initial, TrainingListener.none());
    } catch (DivergenceException e) {
      assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("(20 in a row)"), e.getMessage());
      assertEquals(initial.count(), e.bestWeights().count());
      for (int i = 0; i < initial.count(); i++) {
        assertBitIdentical(initial.get(i), e.bestWeights().get(i), "kept weights, tensor " + i);
      }
      return;
    }
    org.junit.jupiter.api.Assertions.fail("30 outer steps of non-finite unrolls must stop with a DivergenceException");
  }

  @Test
  void fewerSkipsThanTheLimitFinishWithTheSkipsCounted() {
    MetaTrainingConfig exploding = config(5)
        .withLstm(LstmConfig.defaults().withHiddenUnits(4).withOutputScale(1e30))
        .withValidation(100, 1);
    LstmWeights initial = LstmWeights.initial(exploding.lstm(), 1);
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(FAMILY, exploding, SessionConfig.defaults())) {
      List<TrainingProgress> progress = new ArrayList<>();
      TrainingResult result = trainer.train(initial, progress::add);
      assertEquals(5, result.skippedUnrolls(), "one skipped unroll per outer step (the problem is dropped)");
      assertEquals(5, progress.size());
      for (TrainingProgress p : progress) {
        assertTrue(Double.isNaN(p.metaLoss()), "no unroll applied: NaN meta-loss");
        assertEquals(p.outerStep(), p.skippedUnrolls());
      }
      assertEquals(Double.POSITIVE_INFINITY, result.bestValidationLoss());
      assertEquals(0, result.bestOuterStep());
      for (int i = 0; i < initial.count(); i++) {
        assertBitIdentical(initial.get(i), result.last().get(i), "no update applied, tensor " + i);
      }
    }
  }
}
