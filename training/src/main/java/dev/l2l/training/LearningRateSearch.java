package dev.l2l.training;

import dev.l2l.core.Feeds;
import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.HandCraftedOptimizer;
import dev.l2l.optimizers.Optimizer;
import dev.l2l.optimizers.OptimizerStep;
import dev.l2l.tasks.ProblemBatch;
import dev.l2l.tasks.TaskFamily;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Picks a hand-crafted optimizer's learning rate: every rate of a {@link LearningRateGrid} is run on
 * tuning problems (kept apart from the evaluation problems) and the one with the lowest mean final loss
 * wins. A rate whose loss is not finite loses.
 */
public final class LearningRateSearch {
  /** The default tuning problems: 2 batches of the stream {@code tuning}, base seed 7. */
  public static ProblemSet tuningProblems() {
    return new ProblemSet("tuning", 7, 2);
  }

  private LearningRateSearch() {}

  /**
   * The outcome of a search.
   *
   * @param best the optimizer at the chosen rate
   * @param rates the rates tried
   * @param finalLosses mean final loss at each rate (infinite where it diverged)
   */
  public record Result(HandCraftedOptimizer best, double[] rates, double[] finalLosses) {}

  public static <B extends ProblemBatch> Result run(
      TaskFamily<B> family,
      HandCraftedOptimizer prototype,
      LearningRateGrid grid,
      ProblemSet tuning,
      int steps,
      SessionConfig config) {
    double[] rates = grid.rates();
    double[] finals = new double[rates.length];
    int best = -1;
    FedRate[] optimizer = new FedRate[1];
    // One graph for every rate: −α is fed (the same float the constant of prototype.withLearningRate(α)
    // would hold, so the numbers are those of a graph per rate, without building 21 graphs).
    try (InnerLoop<B> loop = new InnerLoop<>(family, tf -> optimizer[0] = new FedRate(prototype, tf), InnerLoop.DEFAULT_UNROLL, config)) {
      for (int i = 0; i < rates.length; i++) {
        try (Feeds rate = new Feeds()) {
          rate.add(optimizer[0].negativeLearningRate, Shape.scalar(), new float[] {(float) -rates[i]});
          double loss = Evaluation.run(family, loop, tuning, steps, rate).finalMean();
          finals[i] = Double.isFinite(loss) ? loss : Double.POSITIVE_INFINITY;
        }
        if (finals[i] < Double.POSITIVE_INFINITY && (best < 0 || finals[i] < finals[best])) {
          best = i;
        }
      }
    }
    if (best < 0) {
      throw new IllegalStateException(
          prototype.name() + " diverged at every learning rate of " + grid + "; widen the grid towards smaller rates");
    }
    return new Result(prototype.withLearningRate(rates[best]), rates, finals);
  }

  /** {@code prototype} with −α read from a placeholder of the graph. */
  private static final class FedRate implements Optimizer {
    private final HandCraftedOptimizer prototype;
    private final Placeholder<TFloat32> negativeLearningRate;

    FedRate(HandCraftedOptimizer prototype, Ops tf) {
      this.prototype = prototype;
      this.negativeLearningRate = tf.withName("negative_learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    }

    @Override
    public String name() {
      return prototype.name();
    }

    @Override
    public List<Shape> stateShapes(Shape parameterShape) {
      return prototype.stateShapes(parameterShape);
    }

    @Override
    public OptimizerStep step(Ops tf, Operand<TFloat32> gradient, List<Operand<TFloat32>> state) {
      return prototype.step(tf, gradient, state, negativeLearningRate);
    }
  }
}
