package dev.l2l.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Meta-training carries θ and the LSTM state between unrolls in the graph's variables (on the device);
 * through the host (fetched and fed back) is the other way. Both must give the same numbers, unroll after
 * unroll, and a new problem must start from θ₀ and a zero state whatever the previous one left.
 */
class CarriedOnDeviceTest {
  private static final QuadraticFamily FAMILY =
      new QuadraticFamily(QuadraticConfig.defaults().withBatchSize(3).withDimension(4));
  private static final MetaTrainingConfig CONFIG = MetaTrainingConfig.defaults().withUnroll(5, 3);
  private static final LstmWeights WEIGHTS = LstmWeights.initial(CONFIG.lstm(), 11);

  @Test
  void onTheDeviceAndThroughTheHostGiveTheSameBits() {
    check(SessionConfig.defaults());
  }

  /** Pinned to /GPU:0: here, without a GPU, soft placement runs it on the CPU with the same numbers. */
  @Test
  void theSameWithTheGraphPlacedOnTheGpu() {
    check(SessionConfig.defaults().withDevice(SessionConfig.Device.GPU));
  }

  private static void check(SessionConfig session) {
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(FAMILY, CONFIG, session)) {
      for (long seed : new long[] {1, 2}) { // the second problem starts after the first left its state behind
        QuadraticBatch batch = FAMILY.sample(seed);
        trainer.startOnDevice(batch);
        UnrollState carried = trainer.start(batch);
        for (int u = 0; u < CONFIG.unrollsPerProblem(); u++) {
          int first = u * CONFIG.unrollSteps();
          MetaTrainer.UnrollResult device = trainer.unrollOnDevice(WEIGHTS.all(), batch);
          MetaTrainer.UnrollResult host = trainer.unroll(WEIGHTS.all(), batch, carried, first);
          assertNull(device.outcome().next());
          assertEquals(host.metaLoss(), device.metaLoss(), "meta-loss, problem " + seed + ", unroll " + u);
          assertArrayEquals(host.outcome().losses(), device.outcome().losses());
          for (int i = 0; i < host.gradients().size(); i++) {
            assertArrayEquals(host.gradients().get(i), device.gradients().get(i), "gradient " + i + ", unroll " + u);
          }
          carried = host.outcome().next();
        }
        assertTrue(carried.theta()[0] != batch.initialParameters()[0], "θ moved during the problem");
      }
    }
  }

  @Test
  void trainingIsTheSameAsUnrollsThroughTheHostFollowedByAdam() {
    MetaTrainingConfig two = CONFIG.withOuterSteps(2);
    List<float[]> expected = WEIGHTS.all();
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(FAMILY, two, SessionConfig.defaults())) {
      MetaAdam adam = new MetaAdam(two.metaLearningRate(), sizes(expected));
      for (int outer = 0; outer < 2; outer++) {
        QuadraticBatch batch = trainer.trainingBatch(outer);
        UnrollState carried = trainer.start(batch);
        for (int u = 0; u < two.unrollsPerProblem(); u++) {
          MetaTrainer.UnrollResult r = trainer.unroll(expected, batch, carried, u * two.unrollSteps());
          expected = adam.apply(expected, r.gradients());
          carried = r.outcome().next();
        }
      }
      List<float[]> trained = trainer.train(WEIGHTS, TrainingListener.none()).last().all();
      for (int i = 0; i < expected.size(); i++) {
        assertArrayEquals(expected.get(i), trained.get(i), "weight tensor " + i);
      }
    }
  }

  @Test
  void anUnrollOnTheDeviceNeedsItsProblemStartedFirst() {
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(FAMILY, CONFIG, SessionConfig.defaults())) {
      QuadraticBatch batch = FAMILY.sample(1);
      IllegalStateException none =
          assertThrows(IllegalStateException.class, () -> trainer.unrollOnDevice(WEIGHTS.all(), batch));
      assertTrue(none.getMessage().contains("call startOnDevice(batch) before unrollOnDevice"), none.getMessage());
      trainer.startOnDevice(batch);
      IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
          () -> trainer.unrollOnDevice(WEIGHTS.all(), FAMILY.sample(2)));
      assertTrue(other.getMessage().contains("belong to the batch given to startOnDevice"), other.getMessage());
    }
  }

  /** Validation and evaluation run forward on the device too: the same losses as unrolls through the host. */
  @Test
  void evaluationOnTheDeviceGivesTheHostsLosses() {
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(FAMILY, CONFIG, SessionConfig.defaults())) {
      QuadraticBatch batch = FAMILY.sample(5);
      int k = CONFIG.unrollSteps();
      int steps = 2 * k + 2; // the last call runs a whole unroll and keeps 2 steps
      double[] evaluated = trainer.evaluate(WEIGHTS.all(), batch, steps);
      UnrollState carried = trainer.start(batch);
      for (int done = 0; done < steps; done += k) {
        MetaTrainer.UnrollResult host = trainer.unroll(WEIGHTS.all(), batch, carried, done);
        for (int t = 0; t <= Math.min(k, steps - done); t++) {
          assertEquals(host.outcome().losses()[t], evaluated[done + t], "f(θ_" + (done + t) + ")");
        }
        carried = host.outcome().next();
      }
      // evaluate took the variables: a problem started before it must be started again
      trainer.startOnDevice(batch);
      trainer.evaluate(WEIGHTS.all(), batch, k);
      assertThrows(IllegalStateException.class, () -> trainer.unrollOnDevice(WEIGHTS.all(), batch));
    }
  }

  private static List<Integer> sizes(List<float[]> weights) {
    List<Integer> sizes = new ArrayList<>();
    weights.forEach(w -> sizes.add(w.length));
    return sizes;
  }
}
