package dev.l2l.training;

import dev.l2l.optimizers.HandCraftedOptimizer;
import dev.l2l.tasks.QuadraticFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The paper's quadratic experiment end to end: meta-train the LSTM optimizer (one run per seed), tune
 * the learning rates of all five hand-crafted baselines (the paper's SGD, RMSprop, NAG and Adam, plus
 * classical momentum, which beats them all on this task), and evaluate everything on the same held-out
 * problems.
 */
public final class QuadraticReproduction {
  private QuadraticReproduction() {}

  /**
   * One meta-training seed's outcome.
   *
   * @param seed the meta-training seed
   * @param training what meta-training produced
   * @param curve the best weights evaluated on the held-out problems
   */
  public record SeedRun(long seed, TrainingResult training, Curve curve) {}

  /**
   * The reproduction's results.
   *
   * @param config what was run
   * @param baselines the tuned baselines with their held-out curves
   * @param lstm one entry per meta-training seed
   */
  public record Report(ReproductionConfig config, List<Baselines.Tuned> baselines, List<SeedRun> lstm) {
    /** The baseline with the lowest final held-out loss. */
    public Baselines.Tuned bestBaseline() {
      Baselines.Tuned best = baselines.get(0);
      for (Baselines.Tuned b : baselines) {
        if (b.curve().finalMean() < best.curve().finalMean()) {
          best = b;
        }
      }
      return best;
    }

    /** The seed whose weights had the lowest validation loss (chosen without the held-out problems). */
    public SeedRun selectedSeed() {
      SeedRun best = lstm.get(0);
      for (SeedRun r : lstm) {
        if (r.training().bestValidationLoss() < best.training().bestValidationLoss()) {
          best = r;
        }
      }
      return best;
    }

    /** The figure's curves: the baselines, then the selected seed's LSTM named "LSTM". */
    public List<Curve> figureCurves() {
      List<Curve> curves = new ArrayList<>();
      for (Baselines.Tuned b : baselines) {
        curves.add(b.curve());
      }
      curves.add(selectedSeed().curve().withName("LSTM"));
      return curves;
    }

    /** Every curve for the table and the CSV: the baselines, then one LSTM per seed. */
    public List<Curve> allCurves() {
      List<Curve> curves = new ArrayList<>();
      for (Baselines.Tuned b : baselines) {
        curves.add(b.curve());
      }
      for (SeedRun r : lstm) {
        curves.add(r.curve().withName(lstmName(r)));
      }
      return curves;
    }

    private String lstmName(SeedRun r) {
      return lstm.size() == 1 ? "LSTM" : "LSTM-seed" + r.seed();
    }

    /** The summary in Markdown: the table, the tuned rates, and the LSTM's ratio to the best baseline. */
    public String summaryMarkdown() {
      Map<String, String> notes = new LinkedHashMap<>();
      for (Baselines.Tuned b : baselines) {
        notes.put(b.curve().name(), "lr " + SummaryTable.fmt(b.optimizer().learningRate()));
      }
      for (SeedRun r : lstm) {
        notes.put(lstmName(r), "best of outer step " + r.training().bestOuterStep());
      }
      Curve reference = bestBaseline().curve();
      int[] steps = SummaryTable.stepsUpTo(config.steps());
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT,
          "Held-out problems: %d batches of %d (stream \"%s\", seed %d), %d steps; mean ± std across batches.%n%n",
          config.evaluation().batches(), config.task().batchSize(), config.evaluation().name(),
          config.evaluation().seed(), config.steps()));
      sb.append(SummaryTable.markdown(allCurves(), steps, "setting", notes, reference));
      SummaryStatistics finals = new SummaryStatistics();
      SummaryStatistics ratios = new SummaryStatistics();
      for (SeedRun r : lstm) {
        finals.addValue(r.curve().finalMean());
        ratios.addValue(r.curve().finalMean() / reference.finalMean());
      }
      sb.append(String.format(Locale.ROOT,
          "%nLSTM over %d meta-training seed(s): final loss %s ± %s (min %s, max %s); "
              + "ratio to the best baseline (%s, %s): %.2f (min %.2f, max %.2f).%n",
          lstm.size(), SummaryTable.fmt(finals.getMean()),
          SummaryTable.fmt(lstm.size() > 1 ? finals.getStandardDeviation() : 0),
          SummaryTable.fmt(finals.getMin()), SummaryTable.fmt(finals.getMax()),
          reference.name(), SummaryTable.fmt(reference.finalMean()),
          ratios.getMean(), ratios.getMin(), ratios.getMax()));
      int beaten = 0;
      for (SeedRun r : lstm) {
        if (r.curve().finalMean() < reference.finalMean()) {
          beaten++;
        }
      }
      sb.append(String.format(Locale.ROOT,
          "The LSTM is below every tuned baseline at step %d for %d of %d seed(s).%n",
          config.steps(), beaten, lstm.size()));
      return sb.toString();
    }
  }

  /** Runs the whole experiment. */
  public static Report run(ReproductionConfig config, ReproductionListener listener) {
    QuadraticFamily family = new QuadraticFamily(config.task());
    List<SeedRun> runs = new ArrayList<>();
    for (int i = 0; i < config.seeds(); i++) {
      long seed = config.training().seed() + i;
      listener.phase("meta-training the LSTM optimizer, seed " + seed);
      MetaTrainingConfig training = config.training().withSeed(seed);
      TrainingResult result;
      try (MetaTrainer<?> trainer = new MetaTrainer<>(family, training, config.session())) {
        result = trainer.train(listener.training(i, seed));
      }
      listener.trained(seed, result);
      listener.phase("evaluating the LSTM optimizer of seed " + seed);
      Curve curve =
          Evaluation.run(family, LearnedOptimizers.withWeights(result.best()), config.evaluation(), config.steps(), config.session());
      runs.add(new SeedRun(seed, result, curve));
    }
    List<Baselines.Tuned> baselines = new ArrayList<>();
    for (HandCraftedOptimizer prototype : Baselines.all()) {
      listener.phase("tuning and evaluating " + prototype.name());
      baselines.addAll(
          Baselines.tuneAndEvaluate(
              family, List.of(prototype), config.grid(), config.tuning(), config.evaluation(), config.steps(), config.session()));
    }
    return new Report(config, baselines, runs);
  }

}
