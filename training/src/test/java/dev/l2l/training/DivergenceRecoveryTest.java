package dev.l2l.training;

import static dev.l2l.core.NumericAsserts.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.Seeds;
import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.tasks.TaskFamily;
import dev.l2l.tasks.TaskGraph;
import dev.l2l.training.io.TrainingStateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

/**
 * A meta learning rate far too large drives training into divergence; the best weights survive it. A finite
 * spike of the meta-gradient is skipped like a non-finite one.
 */
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

  /**
   * A family whose batch of one outer step has W and y scaled by {@code scale}: its losses and
   * meta-gradient grow by about scale², while its meta-loss relative to its own initial loss does not, so
   * only the meta-gradient norm can tell that unroll from the others.
   */
  private record SpikyFamily(QuadraticFamily base, long spikySeed, float scale) implements TaskFamily<QuadraticBatch> {
    @Override
    public QuadraticBatch sample(long seed) {
      QuadraticBatch b = base.sample(seed);
      if (seed != spikySeed) {
        return b;
      }
      float[] w = b.w().clone();
      float[] y = b.y().clone();
      for (int i = 0; i < w.length; i++) {
        w[i] *= scale;
      }
      for (int i = 0; i < y.length; i++) {
        y[i] *= scale;
      }
      return new QuadraticBatch(b.batchSize(), b.dimension(), w, y, b.initialParameters());
    }

    @Override
    public String name() {
      return "spiky-quadratic";
    }

    @Override
    public Shape parameterShape() {
      return base.parameterShape();
    }

    @Override
    public TaskGraph<QuadraticBatch> build(Ops tf) {
      return base.build(tf);
    }
  }

  @Test
  void aFiniteGradientSpikeIsSkippedAndAResumedRunDecidesTheSame(@TempDir Path tmp) throws IOException {
    MetaTrainingConfig config =
        MetaTrainingConfig.defaults().withOuterSteps(10).withUnroll(5, 5).withValidation(1, 1).withSeed(4);
    int spikeAt = 6; // outer step index; 30 unrolls were applied before it, past the warm-up of 20
    long spikySeed = Seeds.derive(config.seed(), "meta-training", spikeAt);
    SpikyFamily family = new SpikyFamily(new QuadraticFamily(QuadraticConfig.defaults().withBatchSize(8)), spikySeed, 1000f);
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(family, config, SessionConfig.defaults())) {
      List<TrainingState> snapshots = new ArrayList<>(); // snapshot i is taken after outer step i + 1
      TrainingResult result = trainer.train(trainer.initialState(), p -> {}, snapshots::add);
      assertEquals(1, result.skippedUnrolls(), "the spike's unroll, and with it the rest of that problem");
      TrainingState before = snapshots.get(spikeAt - 1);
      assertEquals(spikeAt * 5, before.recentGradientNorms().length, "every applied unroll's norm is remembered");

      // the unroll was finite, its meta-loss within the explosion test, its gradient norm far above the median
      QuadraticBatch spiky = trainer.trainingBatch(spikeAt);
      MetaTrainer.UnrollResult r = trainer.unroll(before.weights(), spiky, trainer.start(spiky), 0);
      double median = new GradientNorms(before.recentGradientNorms()).median();
      System.out.printf("spike: meta-loss %.4g (initial loss %.4g), gradient norm %.4g = %.0f × the median %.4g%n",
          r.metaLoss(), r.outcome().losses()[0], r.gradientNorm(), r.gradientNorm() / median, median);
      assertTrue(r.isFinite());
      assertTrue(r.metaLoss() < MetaTrainer.EXPLOSION_FACTOR * 5 * r.outcome().losses()[0], "not an exploding meta-loss");
      assertTrue(r.gradientNorm() > MetaTrainer.GRADIENT_SPIKE_FACTOR * median);

      // the weights did not move in the spike's outer step, and do in the others
      for (int i = 0; i < before.weights().size(); i++) {
        assertBitIdentical(before.weights().get(i), snapshots.get(spikeAt).weights().get(i), "tensor " + i);
      }
      assertFalse(Arrays.equals(snapshots.get(spikeAt - 2).weights().get(0), before.weights().get(0)));
      assertFalse(Arrays.equals(before.weights().get(0), snapshots.get(spikeAt + 1).weights().get(0)));

      // resumed from the state saved before the spike (through the file), the norms come along: same decisions
      Path file = tmp.resolve("state.l2l");
      TrainingStateFile.save(file, Map.of(), before);
      TrainingState loaded = TrainingStateFile.load(file, config.lstm()).state();
      TrainingResult resumed = trainer.train(loaded, p -> {}, s -> {});
      assertEquals(1, resumed.skippedUnrolls());
      for (int i = 0; i < result.last().count(); i++) {
        assertBitIdentical(result.last().get(i), resumed.last().get(i), "resumed, tensor " + i);
      }
      // without them (a fresh baseline, still warming up) the spike would have been applied
      TrainingState forgetful = new TrainingState(loaded.outerStep(), loaded.weights(), loaded.adamStep(),
          loaded.adamFirstMoments(), loaded.adamSecondMoments(), loaded.best(), loaded.bestValidationLoss(),
          loaded.bestOuterStep(), loaded.skippedUnrolls(), loaded.rollbacks(), loaded.elapsedSeconds(), new double[0]);
      assertEquals(0, trainer.train(forgetful, p -> {}, s -> {}).skippedUnrolls());
    }
  }
}
