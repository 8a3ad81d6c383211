package dev.l2l.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;

/**
 * The meta-gradient does not depend on how TensorFlow happened to build its gradient graph
 * (tf-java-notes, trap 5): TensorFlow sums the contributions to a tensor with several consumers in an
 * {@code AddN} whose input order changes between builds, and float sums of three or more terms depend on
 * the order. The library's graph leaves TensorFlow only sums of two (which are exact in either order) and
 * does the sums over the unroll's steps itself, in step order.
 */
class MetaGradientDeterminismTest {
  private static final QuadraticFamily FAMILY =
      new QuadraticFamily(QuadraticConfig.defaults().withBatchSize(4).withDimension(5));
  private static final MetaTrainingConfig CONFIG = MetaTrainingConfig.defaults().withUnroll(6, 1);

  @Test
  void everySumOfThreeOrMoreTermsIsTheLibrarysOwn() {
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(FAMILY, CONFIG, SessionConfig.defaults())) {
      List<String> foreign = new ArrayList<>();
      int own = 0;
      for (Iterator<GraphOperation> it = trainer.graph().operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (op.type().equals("AddN") && op.numInputs() >= 3) {
          if (op.name().startsWith("meta_gradient/AddN") || op.name().equals("meta_loss")) {
            own++;
          } else {
            foreign.add(op.name() + " (" + op.numInputs() + " inputs)");
          }
        }
      }
      assertTrue(foreign.isEmpty(), "sums of 3+ terms built by TensorFlow's gradient code: " + foreign);
      // one ordered sum per weight tensor (2 layers × kernel and bias, output kernel and bias), and the meta-loss
      assertEquals(6 + 1, own);
    }
  }

  @Test
  void twoBuildsGiveBitIdenticalMetaGradients() {
    LstmWeights weights = LstmWeights.initial(CONFIG.lstm(), 3);
    QuadraticBatch batch = FAMILY.sample(4);
    List<MetaTrainer.UnrollResult> results = new ArrayList<>();
    for (int build = 0; build < 3; build++) {
      try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(FAMILY, CONFIG, SessionConfig.defaults())) {
        results.add(trainer.unroll(weights.all(), batch, trainer.start(batch), 0));
      }
    }
    for (int build = 1; build < results.size(); build++) {
      assertEquals(results.get(0).metaLoss(), results.get(build).metaLoss());
      for (int i = 0; i < results.get(0).gradients().size(); i++) {
        assertArrayEquals(results.get(0).gradients().get(i), results.get(build).gradients().get(i));
      }
    }
  }
}
