package dev.l2l.training;

import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.HandCraftedOptimizer;
import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.Preprocessing;
import dev.l2l.tasks.mnist.MlpBatch;
import dev.l2l.tasks.mnist.MlpConfig;
import dev.l2l.tasks.mnist.MlpFamily;
import dev.l2l.tasks.mnist.MnistData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The paper's MNIST experiment (Figures 4 and 5) end to end: meta-train the LSTM optimizer on the base
 * MLP (one run per seed), then for the base MLP and each variant tune the five hand-crafted baselines and
 * evaluate everything on held-out images, reporting the loss per step and the test accuracy reached.
 *
 * <p>Data: the training images are split into a meta-training part (the first {@code metaTrainingImages};
 * meta-training, validation and the baselines' learning-rate search draw their minibatches from it) and
 * an evaluation part (the rest; every evaluation draws its minibatches from it). The test accuracy is
 * measured on the test set at the final θ of every evaluation problem.
 */
public final class MnistReproduction {
  private MnistReproduction() {}

  /**
   * One network the trained optimizer is evaluated on, without retraining.
   *
   * @param name a short name for files and tables, e.g. {@code relu}
   * @param title the figure's title
   * @param mlp the network
   * @param steps inner steps of its evaluation
   */
  public record Variant(String name, String title, MlpConfig mlp, int steps) {}

  /**
   * Everything the experiment does.
   *
   * @param task the base MLP the optimizer is meta-trained on (784-20-10 sigmoid, minibatch 128, P = 1)
   * @param training the meta-training schedule: the paper's LSTM with log-and-sign preprocessing (p = 10)
   *     and output scale 0.1; 20-step unrolls, 5 per problem (100 steps)
   * @param seeds meta-training seeds (seed, seed + 1, ...)
   * @param metaTrainingImages training images kept for meta-training; the rest are the evaluation images
   * @param grid the baselines' learning-rate grid
   * @param tuning the problems the baselines' learning rates are tuned on (meta-training images)
   * @param evaluation the held-out problems (evaluation images)
   * @param tuningSteps inner steps of the learning-rate search (100, the meta-training horizon)
   * @param variants the networks evaluated: base for 100 and 200 steps, 40 hidden units, 2 hidden layers, ReLU
   * @param session how graphs run
   */
  public record Config(
      MlpConfig task,
      MetaTrainingConfig training,
      int seeds,
      int metaTrainingImages,
      LearningRateGrid grid,
      ProblemSet tuning,
      ProblemSet evaluation,
      int tuningSteps,
      List<Variant> variants,
      SessionConfig session) {
    public Config {
      if (seeds <= 0) {
        throw new IllegalArgumentException("seeds must be positive, got " + seeds);
      }
      if (metaTrainingImages <= 0) {
        throw new IllegalArgumentException("metaTrainingImages must be positive, got " + metaTrainingImages);
      }
      if (tuningSteps <= 0) {
        throw new IllegalArgumentException("tuningSteps must be positive, got " + tuningSteps);
      }
      variants = List.copyOf(variants);
    }

    /** The paper's LSTM for MNIST: 2 × 20, log-and-sign preprocessing (p = 10), output scale 0.1. */
    public static LstmConfig lstm() {
      return new LstmConfig(2, 20, Preprocessing.LOG_SIGN, 0.1, false);
    }

    /** The base MLP and the paper's three variants (Figure 5), each tested for 100 steps; the base also for 200. */
    public static List<Variant> paperVariants(MlpConfig base, int steps) {
      return List.of(
          new Variant("base", "MNIST MLP 784-" + base.describe() + ", " + steps + " steps", base, steps),
          new Variant("base-long", "MNIST MLP " + base.describe() + ", " + 2 * steps + " steps (trained for " + steps + ")", base, 2 * steps),
          new Variant("hidden40", "MNIST MLP 40 sigmoid (trained on 20)", base.withHidden(List.of(40)), steps),
          new Variant("layers2", "MNIST MLP 20-20 sigmoid (trained on one layer)", base.withHidden(List.of(20, 20)), steps),
          new Variant("relu", "MNIST MLP 20 ReLU (trained on sigmoid)", base.withActivation(MlpConfig.Activation.RELU), steps));
    }

    /**
     * The schedule this project runs (see docs/results.md): 250 outer steps (the paper: 10,000), meta
     * learning rate 0.002 (at 0.005 one of two seeds collapsed to an optimizer that does nothing),
     * validation every 25 outer steps on 4 problems; baselines tuned over 3 rates per decade in [1e-4, 10]
     * on 2 problems; 10 held-out problems.
     */
    public static Config defaults() {
      MetaTrainingConfig training = MetaTrainingConfig.defaults().withLstm(lstm()).withOuterSteps(250)
          .withMetaLearningRate(0.002).withValidation(25, 4);
      MlpConfig base = MlpConfig.defaults();
      return new Config(base, training, 1, 50_000, new LearningRateGrid(1e-4, 10, 3), new ProblemSet("tuning", 7, 2),
          new ProblemSet("evaluation", 2016, 10), 100, paperVariants(base, 100), SessionConfig.defaults());
    }

    /** Seconds, not the paper's numbers: 6 outer steps, 20-step evaluations, 2 problems, a coarse grid. */
    public static Config smoke() {
      MetaTrainingConfig training = MetaTrainingConfig.defaults().withLstm(lstm()).withOuterSteps(6)
          .withUnroll(20, 2).withMetaLearningRate(0.005).withValidation(3, 1);
      MlpConfig base = MlpConfig.defaults();
      return new Config(base, training, 1, 50_000, new LearningRateGrid(1e-2, 10, 1), new ProblemSet("tuning", 7, 1),
          new ProblemSet("evaluation", 2016, 2), 20, paperVariants(base, 20), SessionConfig.defaults());
    }

    public Config withTraining(MetaTrainingConfig t) {
      return new Config(task, t, seeds, metaTrainingImages, grid, tuning, evaluation, tuningSteps, variants, session);
    }

    public Config withSeeds(int n) {
      return new Config(task, training, n, metaTrainingImages, grid, tuning, evaluation, tuningSteps, variants, session);
    }

    public Config withEvaluation(ProblemSet e) {
      return new Config(task, training, seeds, metaTrainingImages, grid, tuning, e, tuningSteps, variants, session);
    }

    public Config withVariants(List<Variant> v) {
      return new Config(task, training, seeds, metaTrainingImages, grid, tuning, evaluation, tuningSteps, v, session);
    }

    public Config withSession(SessionConfig s) {
      return new Config(task, training, seeds, metaTrainingImages, grid, tuning, evaluation, tuningSteps, variants, s);
    }

    /** Every setting as ordered {@code key -> value} pairs (for the run folder and the checkpoints). */
    public Map<String, String> properties() {
      Map<String, String> p = new LinkedHashMap<>();
      MetaTrainingConfig t = training;
      p.put("task", "mnist");
      p.put("task.hidden", task.hidden().toString());
      p.put("task.activation", task.activation().name());
      p.put("task.minibatch", Integer.toString(task.minibatch()));
      p.put("task.problems", Integer.toString(task.problems()));
      p.put("task.initialisation", "N(0, " + MlpFamily.INIT_STD + "^2)");
      p.put("data.metaTrainingImages", Integer.toString(metaTrainingImages));
      p.putAll(t.settings());
      p.put("training.seeds", Integer.toString(seeds));
      p.put("baselines.grid", grid.toString());
      p.put("baselines.tuning", tuning.toString());
      p.put("baselines.tuningSteps", Integer.toString(tuningSteps));
      p.put("evaluation", evaluation.toString());
      for (Variant v : variants) {
        p.put("variant." + v.name(), v.mlp().describe() + ", " + v.steps() + " steps");
      }
      p.put("session", session.toString());
      return p;
    }

    public String describe() {
      StringBuilder sb = new StringBuilder();
      properties().forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
      return sb.toString();
    }
  }

  /** The training images and the test images the experiment uses. */
  public record Data(MnistData train, MnistData test) {}

  /**
   * One optimizer's results on one variant.
   *
   * @param curve the loss per step over the held-out problems
   * @param accuracy the test accuracy of every held-out problem at the last step
   * @param note the table's setting column (tuned rate, or the LSTM's best outer step)
   */
  public record Result(Curve curve, double[] accuracy, String note) {
    public double meanAccuracy() {
      return stats(accuracy).getMean();
    }
  }

  /**
   * One variant's results.
   *
   * @param variant what was evaluated
   * @param baselines the tuned baselines
   * @param lstm one entry per meta-training seed, in seed order
   */
  public record VariantReport(Variant variant, List<Result> baselines, List<Result> lstm) {
    /** The baseline with the lowest final mean loss. */
    public Result bestBaseline() {
      Result best = baselines.get(0);
      for (Result b : baselines) {
        if (b.curve().finalMean() < best.curve().finalMean()) {
          best = b;
        }
      }
      return best;
    }

    /** The LSTM's final loss over the best baseline's, one per seed. */
    public double[] ratios() {
      double[] r = new double[lstm.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = lstm.get(i).curve().finalMean() / bestBaseline().curve().finalMean();
      }
      return r;
    }
  }

  /**
   * The experiment's results.
   *
   * @param config what was run
   * @param training what meta-training gave, one per seed
   * @param selected the index of the seed with the lowest validation loss (shown in the figures)
   * @param variants one report per variant
   */
  public record Report(Config config, List<TrainingResult> training, int selected, List<VariantReport> variants) {
    /** The figure of a variant: the baselines and the selected seed's LSTM. */
    public List<Curve> figureCurves(VariantReport v) {
      List<Curve> curves = new ArrayList<>();
      for (Result b : v.baselines()) {
        curves.add(b.curve());
      }
      curves.add(v.lstm().get(selected).curve().withName("LSTM"));
      return curves;
    }

    /** Every curve of a variant: the baselines, then one LSTM per seed. */
    public List<Curve> allCurves(VariantReport v) {
      List<Curve> curves = new ArrayList<>();
      for (Result b : v.baselines()) {
        curves.add(b.curve());
      }
      for (Result r : v.lstm()) {
        curves.add(r.curve());
      }
      return curves;
    }

    /** The Markdown summary: per variant the loss table, the test accuracies and the LSTM's ratio to the best baseline. */
    public String summaryMarkdown() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT,
          "Held-out problems: %d (stream \"%s\", seed %d), each a fresh initialisation with minibatches of %d drawn "
              + "from the training images after the first %d (never seen in meta-training or tuning); mean ± std "
              + "across problems. Test accuracy: on the whole test set, at the last step.%n",
          config.evaluation().batches() * config.task().problems(), config.evaluation().name(),
          config.evaluation().seed(), config.task().minibatch(), config.metaTrainingImages()));
      for (VariantReport v : variants) {
        sb.append("\n### ").append(v.variant().title()).append("\n\n");
        Map<String, String> notes = new LinkedHashMap<>();
        List<Result> all = new ArrayList<>(v.baselines());
        all.addAll(v.lstm());
        for (Result r : all) {
          notes.put(r.curve().name(), r.note() + "; test acc " + percent(r.accuracy()));
        }
        List<Curve> curves = new ArrayList<>();
        for (Result r : all) {
          curves.add(r.curve());
        }
        sb.append(SummaryTable.markdown(curves, SummaryTable.stepsUpTo(v.variant().steps()), "setting; test accuracy",
            notes, v.bestBaseline().curve()));
        SummaryStatistics finals = new SummaryStatistics();
        SummaryStatistics accuracies = new SummaryStatistics();
        for (Result r : v.lstm()) {
          finals.addValue(r.curve().finalMean());
          accuracies.addValue(r.meanAccuracy());
        }
        double[] ratios = v.ratios();
        SummaryStatistics ratio = stats(ratios);
        int beaten = 0;
        for (double r : ratios) {
          if (r < 1) {
            beaten++;
          }
        }
        Result best = v.bestBaseline();
        sb.append(String.format(Locale.ROOT,
            "%nLSTM over %d seed(s): final loss %s ± %s, test accuracy %.1f ± %.1f %%; best baseline %s: %s, %.1f %%. "
                + "Ratio LSTM / best baseline: %.2f (min %.2f, max %.2f): the LSTM is below every tuned baseline at step %d "
                + "for %d of %d seed(s).%n",
            v.lstm().size(), SummaryTable.fmt(finals.getMean()), SummaryTable.fmt(sd(finals)),
            100 * accuracies.getMean(), 100 * sd(accuracies), best.curve().name(),
            SummaryTable.fmt(best.curve().finalMean()), 100 * best.meanAccuracy(),
            ratio.getMean(), ratio.getMin(), ratio.getMax(), v.variant().steps(), beaten, ratios.length));
      }
      return sb.toString();
    }
  }

  private static double sd(SummaryStatistics s) {
    return s.getN() > 1 ? s.getStandardDeviation() : 0;
  }

  static SummaryStatistics stats(double[] values) {
    SummaryStatistics s = new SummaryStatistics();
    for (double v : values) {
      s.addValue(v);
    }
    return s;
  }

  private static String percent(double[] accuracy) {
    SummaryStatistics s = stats(accuracy);
    return String.format(Locale.ROOT, "%.1f ± %.1f %%", 100 * s.getMean(), 100 * sd(s));
  }

  /** Meta-trains one seed on the base MLP over the meta-training images. */
  public static TrainingResult train(Config config, MnistData metaTraining, long seed, TrainingListener listener) {
    MlpFamily family = new MlpFamily(config.task(), metaTraining);
    try (MetaTrainer<MlpBatch> trainer = new MetaTrainer<>(family, config.training().withSeed(seed), config.session())) {
      return trainer.train(listener);
    }
  }

  /**
   * Runs {@code optimizer} on the held-out problems of {@code family} for {@code steps} steps and measures
   * the test accuracy of every problem's final θ.
   */
  public static Result evaluate(
      MlpFamily family, OptimizerFactory optimizer, ProblemSet problems, int steps, MnistData test, String note,
      SessionConfig session) {
    double[][] losses = new double[problems.batches()][];
    List<Double> accuracy = new ArrayList<>();
    String name;
    try (InnerLoop<MlpBatch> loop = new InnerLoop<>(family, optimizer, InnerLoop.DEFAULT_UNROLL, session)) {
      name = loop.optimizerName();
      for (int i = 0; i < problems.batches(); i++) {
        MlpBatch batch = family.sample(problems.batchSeed(i));
        Unroll.Trajectory t = loop.trajectory(batch, steps);
        losses[i] = t.losses();
        float[] last = t.parameters().get(steps);
        if (last == null) {
          throw new IllegalArgumentException(
              "evaluation steps (" + steps + ") must be a multiple of the unroll length " + InnerLoop.DEFAULT_UNROLL);
        }
        for (double a : batch.accuracy(last, test)) {
          accuracy.add(a);
        }
      }
    }
    return new Result(Curve.of(name, losses), accuracy.stream().mapToDouble(Double::doubleValue).toArray(), note);
  }

  /** Runs the whole experiment on {@code data}. */
  public static Report run(Config config, Data data, ReproductionListener listener) {
    if (config.metaTrainingImages() >= data.train().count()) {
      throw new IllegalArgumentException("the training set has " + data.train().count() + " images; keeping "
          + config.metaTrainingImages() + " for meta-training leaves none for evaluation");
    }
    MnistData[] parts = data.train().split(config.metaTrainingImages());
    List<TrainingResult> trained = new ArrayList<>();
    int selected = 0;
    for (int i = 0; i < config.seeds(); i++) {
      long seed = config.training().seed() + i;
      listener.phase("meta-training the LSTM optimizer on the base MLP, seed " + seed);
      TrainingResult r = train(config, parts[0], seed, listener.training(i, seed));
      listener.trained(seed, r);
      trained.add(r);
      if (r.bestValidationLoss() < trained.get(selected).bestValidationLoss()) {
        selected = i;
      }
    }
    List<VariantReport> reports = new ArrayList<>();
    Map<MlpConfig, List<HandCraftedOptimizer>> tunedFor = new java.util.HashMap<>();
    for (Variant v : config.variants()) {
      MlpFamily tuningFamily = new MlpFamily(v.mlp(), parts[0]);
      MlpFamily heldOut = new MlpFamily(v.mlp(), parts[1]);
      List<HandCraftedOptimizer> tuned = tunedFor.computeIfAbsent(v.mlp(), mlp -> {
        List<HandCraftedOptimizer> out = new ArrayList<>();
        for (HandCraftedOptimizer prototype : Baselines.all()) {
          listener.phase(v.name() + ": tuning " + prototype.name());
          out.add(LearningRateSearch.run(
              tuningFamily, prototype, config.grid(), config.tuning(), config.tuningSteps(), config.session()).best());
        }
        return out;
      });
      List<Result> baselines = new ArrayList<>();
      for (HandCraftedOptimizer optimizer : tuned) {
        listener.phase(v.name() + ": evaluating " + optimizer.name());
        baselines.add(evaluate(heldOut, OptimizerFactory.of(optimizer), config.evaluation(), v.steps(), data.test(),
            "lr " + SummaryTable.fmt(optimizer.learningRate()), config.session()));
      }
      List<Result> lstm = new ArrayList<>();
      for (int i = 0; i < trained.size(); i++) {
        long seed = config.training().seed() + i;
        listener.phase(v.name() + ": evaluating the LSTM optimizer of seed " + seed);
        Result r = evaluate(heldOut, LearnedOptimizers.withWeights(trained.get(i).best()), config.evaluation(), v.steps(),
            data.test(), "outer step " + trained.get(i).bestOuterStep(), config.session());
        lstm.add(new Result(r.curve().withName(trained.size() == 1 ? "LSTM" : "LSTM-seed" + seed), r.accuracy(), r.note()));
      }
      reports.add(new VariantReport(v, baselines, lstm));
    }
    return new Report(config, trained, selected, reports);
  }
}
