package dev.l2l.guide;

import dev.l2l.core.GraphSession;
import dev.l2l.core.SessionConfig;
import dev.l2l.core.Tensors;
import dev.l2l.optimizers.Adam;
import dev.l2l.optimizers.HandCraftedOptimizer;
import dev.l2l.optimizers.Optimizer;
import dev.l2l.optimizers.OptimizerStep;
import dev.l2l.optimizers.Sgd;
import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.LstmOptimizer;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.training.Curve;
import dev.l2l.training.Evaluation;
import dev.l2l.training.LearnedOptimizers;
import dev.l2l.training.LearningRateGrid;
import dev.l2l.training.LearningRateSearch;
import dev.l2l.training.MetaTrainer;
import dev.l2l.training.MetaTrainingConfig;
import dev.l2l.training.OptimizerFactory;
import dev.l2l.training.ProblemSet;
import dev.l2l.training.SummaryTable;
import dev.l2l.training.TrainingListener;
import dev.l2l.training.TrainingResult;
import dev.l2l.training.io.Checkpoint;
import dev.l2l.training.io.CurveFiles;
import dev.l2l.training.io.Figures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The code of README.md and docs/guide.md. Each region between {@code // [name]} and {@code // [name-end]}
 * is quoted verbatim by a document ({@code DocSnippetsTest} checks it), and {@code GuideExamplesTest} runs
 * it. It lives in its own package, so it can use only the library's public API, as a user's code does.
 */
final class GuideExamples {
  private GuideExamples() {}

  /** README.md, "Using it from Java": the paper's quadratic experiment in a few lines (minutes: a slow test). */
  static List<Curve> readme() {
    // [readme]
    QuadraticFamily family = new QuadraticFamily(QuadraticConfig.defaults());
    Curve adam = Evaluation.run(family, OptimizerFactory.of(new Adam(1.8)), Evaluation.heldOut(), 100,
        SessionConfig.defaults());
    Curve lstm;
    try (MetaTrainer<QuadraticBatch> trainer =
            new MetaTrainer<>(family, MetaTrainingConfig.defaults(), SessionConfig.defaults())) {
      TrainingResult trained = trainer.train(TrainingListener.none());
      lstm = Evaluation.run(family, LearnedOptimizers.withWeights(trained.best()),
          Evaluation.heldOut(), 100, SessionConfig.defaults());
    }
    // [readme-end]
    return List.of(adam, lstm);
  }

  /** The quadratic family, with a smaller batch than the paper's so that the guide runs in seconds. */
  static QuadraticFamily quadratic() {
    // [quadratic]
    // f(θ) = (1/B) Σ_b ‖W_b θ_b − y_b‖², n = 10, W, y, θ₀ ~ N(0, 1); B = 32 problems per batch (paper: 128)
    QuadraticFamily family = new QuadraticFamily(QuadraticConfig.defaults().withBatchSize(32));
    QuadraticBatch batch = family.sample(42); // W, y and θ₀ of 32 problems; the same seed gives the same batch
    double optimum = batch.optimumLoss(); // the loss at the exact least-squares optimum: 0 up to rounding
    // [quadratic-end]
    return family;
  }

  /** The update of one step of Adam and of an untrained LSTM, each on the same gradient. */
  static List<float[]> oneStep() {
    List<float[]> updates = new ArrayList<>();
    // [one-step]
    try (GraphSession graph = new GraphSession()) { // owns the graph and its session: close it
      Ops tf = graph.tf();
      Operand<TFloat32> gradient = tf.constant(new float[] {1f, -2f, 0.5f}); // ∇f(θ) of 3 coordinates
      Optimizer adam = new Adam(0.1);
      Optimizer lstm = new LstmOptimizer(LstmConfig.defaults(),
          LearnedOptimizers.constants(tf, LstmWeights.initial(LstmConfig.defaults(), 0)));
      for (Optimizer optimizer : List.of(adam, lstm)) {
        List<Operand<TFloat32>> state = new ArrayList<>(); // h₀: zeros, in the shapes the optimizer asks for
        for (Shape shape : optimizer.stateShapes(Shape.of(3))) {
          state.add(tf.zeros(tf.constant(shape.asArray()), TFloat32.class));
        }
        OptimizerStep step = optimizer.step(tf, gradient, state); // adds the ops of [g, h₁] = opt(∇f, h₀)
        try (Result result = graph.session().runner().fetch(step.update()).run()) {
          updates.add(Tensors.toFloats(result.get(0))); // θ₁ = θ₀ + update
        }
      }
    }
    // [one-step-end]
    return updates;
  }

  /**
   * What {@link #handCrafted} gives.
   *
   * @param adam Adam at the learning rate the search chose
   * @param curves tuned Adam's and SGD's losses on two batches
   */
  record HandCrafted(HandCraftedOptimizer adam, List<Curve> curves) {}

  /** Adam tuned on the quadratic by a small learning-rate search, and plain SGD, on two batches. */
  static HandCrafted handCrafted(QuadraticFamily family) {
    // [hand-crafted]
    // Adam's learning rate, searched on problems of their own (stream "tuning") for the lowest final loss:
    LearningRateGrid grid = new LearningRateGrid(0.01, 10, 1); // 0.01, 0.1, 1, 10 (the paper's: .defaults())
    HandCraftedOptimizer adam = LearningRateSearch.run(family, new Adam(1), grid,
        LearningRateSearch.tuningProblems(), 100, SessionConfig.defaults()).best();
    // Each optimizer for 100 steps on 2 batches; its state starts at zero on every batch.
    ProblemSet problems = new ProblemSet("guide", 1, 2);
    Curve adamCurve = Evaluation.run(family, OptimizerFactory.of(adam), problems, 100, SessionConfig.defaults());
    Curve sgdCurve = Evaluation.run(family, OptimizerFactory.of(new Sgd(0.3)), problems, 100,
        SessionConfig.defaults());
    // curve.mean()[t]: the mean loss over the batches at step t; curve.std()[t]; curve.perBatch()[b][t]
    // [hand-crafted-end]
    return new HandCrafted(adam, List.of(adamCurve, sgdCurve));
  }

  /** Adam on the task family of one's own. */
  static Curve ownTask() {
    // [own-task-use]
    LogisticFamily logistic = new LogisticFamily(16, 64, 5); // 16 problems of 64 points in R⁵
    Curve curve = Evaluation.run(logistic, OptimizerFactory.of(new Adam(0.1)), new ProblemSet("guide", 1, 2), 100,
        SessionConfig.defaults());
    // [own-task-use-end]
    return curve;
  }

  /**
   * What {@link #metaTrain} gives.
   *
   * @param metaLosses the mean meta-loss of every outer step
   * @param result what meta-training returned
   */
  record Trained(List<Double> metaLosses, TrainingResult result) {}

  /** A short meta-training run on {@code family}. */
  static Trained metaTrain(QuadraticFamily family) {
    // [meta-train]
    // 60 outer steps (the paper's schedule, MetaTrainingConfig.defaults(), has 1000): each a fresh batch of
    // problems, 5 unrolls of 20 steps, one Adam step on the LSTM's weights after every unroll; the weights
    // are validated every 20 outer steps on 1 batch of their own and the best are kept.
    MetaTrainingConfig config = MetaTrainingConfig.defaults().withOuterSteps(60).withValidation(20, 1);
    List<Double> metaLosses = new ArrayList<>();
    TrainingResult trained;
    try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(family, config, SessionConfig.defaults())) {
      trained = trainer.train(progress -> metaLosses.add(progress.metaLoss()));
    }
    LstmWeights best = trained.best(); // from outer step trained.bestOuterStep()
    // [meta-train-end]
    return new Trained(metaLosses, trained);
  }

  /** The trained LSTM and tuned Adam on the held-out problems, and the table of both. */
  static List<Curve> evaluate(QuadraticFamily family, LstmWeights best, HandCraftedOptimizer adam) {
    // [evaluate]
    ProblemSet heldOut = Evaluation.heldOut(); // 10 batches that no training or tuning sees (seed 2016)
    Curve lstm = Evaluation.run(family, LearnedOptimizers.withWeights(best), heldOut, 100, SessionConfig.defaults());
    Curve tuned = Evaluation.run(family, OptimizerFactory.of(adam), heldOut, 100, SessionConfig.defaults());
    String table = SummaryTable.markdown(List.of(tuned, lstm), SummaryTable.STEPS, null, Map.of(), tuned);
    // [evaluate-end]
    return List.of(tuned, lstm);
  }

  /** The figure and the CSV of {@code tuned} and {@code lstm} in {@code folder}; the chart as an image. */
  static BufferedImage plot(Curve tuned, Curve lstm, Path folder) throws IOException {
    // [plot]
    XYChart chart = Figures.lossCurves("Quadratic functions, held-out problems", List.of(tuned, lstm));
    Figures.save(chart, folder.resolve("figure")); // figure.png and figure.svg
    CurveFiles.write(folder.resolve("curves.csv"), List.of(tuned, lstm)); // mean and std per step
    BufferedImage image = Figures.toImage(chart); // e.g. display(image) in a notebook
    // [plot-end]
    return image;
  }

  /** Saves {@code best}, loads it back and evaluates the loaded weights on the held-out problems. */
  static Curve checkpoint(QuadraticFamily family, LstmWeights best, Path folder) throws IOException {
    ProblemSet heldOut = Evaluation.heldOut();
    // [checkpoint]
    Path file = folder.resolve("checkpoint.l2l");
    Checkpoint.of(best, Map.of("task", "quadratic", "note", "docs/guide.md")).save(file); // written atomically
    Checkpoint loaded = Checkpoint.load(file); // checks magic, version, CRC-32 and the architecture first
    Curve reloaded = Evaluation.run(family, LearnedOptimizers.withWeights(loaded.weights()), heldOut, 100,
        SessionConfig.defaults());
    // [checkpoint-end]
    return reloaded;
  }
}
