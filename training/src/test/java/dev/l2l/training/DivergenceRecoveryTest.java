package dev.l2l.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A meta learning rate far too large drives training into divergence; the best weights survive it. */
class DivergenceRecoveryTest {
  @Test
  void aHugeMetaLearningRateNeverReachesTheKeptWeights() {
    QuadraticFamily family = new QuadraticFamily(QuadraticConfig.defaults().withBatchSize(4));
    MetaTrainingConfig config =
        MetaTrainingConfig.defaults()
            .withLstm(LstmConfig.defaults().withOutputScale(1.0))
            .withOuterSteps(60)
            .withUnroll(5, 2)
            .withValidation(1, 1)
            .withMetaLearningRate(1e4);
    List<TrainingProgress> seen = new ArrayList<>();
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(family, config, SessionConfig.defaults())) {
      TrainingState initial = trainer.initialState();
      TrainingResult result = null;
      DivergenceException diverged = null;
      try {
        result = trainer.train(initial, seen::add, s -> {});
      } catch (DivergenceException e) {
        diverged = e;
      }
      TrainingProgress last = seen.get(seen.size() - 1);
      System.out.printf("outer steps %d, skipped %d, rollbacks %d, best %.4g, diverged %b%n",
          last.outerStep(), last.skippedUnrolls(), last.rollbacks(), last.bestValidationLoss(), diverged != null);
      assertTrue(diverged != null, "a meta learning rate of 1e4 must end in a DivergenceException");
      assertTrue(diverged.getMessage().contains("meta learning rate"), diverged.getMessage());
      assertEquals(MetaTrainer.MAX_ROLLBACKS, last.rollbacks(), "rolled back to the best weights before giving up");
      LstmWeights kept = diverged != null ? diverged.bestWeights() : result.best();
      assertTrue(kept.isFinite());
      double keptValidation = trainer.validationLoss(kept.all());
      assertEquals(last.bestValidationLoss(), keptValidation, 0, "the kept weights are the best validated ones");
      assertTrue(keptValidation <= initial.bestValidationLoss());
      for (TrainingProgress p : seen) {
        assertTrue(Double.isFinite(p.bestValidationLoss()), "the best validation loss is never replaced by a bad one");
      }
    }
  }
}
