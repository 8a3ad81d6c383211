package dev.l2l.training.cli;

import dev.l2l.training.DivergenceException;
import dev.l2l.training.QuadraticReproduction;
import dev.l2l.training.ReproductionConfig;
import dev.l2l.training.ReproductionListener;
import dev.l2l.training.TrainingListener;
import dev.l2l.training.TrainingResult;
import dev.l2l.training.io.TrainingLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code l2l reproduce quadratic}: meta-trains the LSTM optimizer (one run per seed), tunes and evaluates
 * the five hand-crafted baselines, and writes the run folder (config, training logs, checkpoints, curves, figure, summary).
 */
@Command(
    name = "quadratic",
    mixinStandardHelpOptions = true,
    description = "The paper's quadratic experiment (Figure 2, left): meta-train, tune the baselines, evaluate, plot.")
final class QuadraticCommand implements Runnable {
  @Mixin TaskOptions task;
  @Mixin TrainingOptions training;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    ReproductionConfig config = training.apply(task.config());
    RunOutput run = RunOutput.create(task.out, "quadratic");
    run.text("config.txt", config.describe(), "every setting of this run");
    out.println("l2l reproduce quadratic -> " + run.dir());
    out.println(config.describe());
    out.flush();
    Map<String, String> provenance = config.properties();
    List<AutoCloseable> open = new ArrayList<>();
    ReproductionListener listener =
        new ReproductionListener() {
          @Override
          public TrainingListener training(int seedIndex, long seed) {
            String name = logName(config, seed);
            try {
              TrainingLog log = new TrainingLog(run.file(name));
              Progress bar = new Progress("seed " + seed, config.training().outerSteps());
              open.add(log);
              open.add(bar);
              run.noted(name, "meta-training log of seed " + seed + " (CSV)");
              return TrainingListener.both(log, bar);
            } catch (IOException e) {
              throw new UncheckedIOException("could not create " + run.file(name), e);
            }
          }

          @Override
          public void phase(String description) {
            closeAll(open);
            out.println("== " + description);
            out.flush();
          }

          @Override
          public void trained(long seed, TrainingResult result) {
            closeAll(open);
            run.checkpoint(
                checkpointName(config, seed), result.best(), withSeed(provenance, seed, result),
                "best weights of seed " + seed + " (validation loss "
                    + String.format("%.4g", result.bestValidationLoss()) + ", outer step "
                    + result.bestOuterStep() + ")");
            out.printf("seed %d: %.1f s, best validation loss %.4g at outer step %d, %d unrolls skipped%n",
                seed, result.seconds(), result.bestValidationLoss(), result.bestOuterStep(), result.skippedUnrolls());
            out.flush();
          }
        };
    QuadraticReproduction.Report report;
    try {
      report = QuadraticReproduction.run(config, listener);
    } catch (DivergenceException e) {
      closeAll(open);
      run.checkpoint("checkpoint-diverged.l2l", e.bestWeights(), provenance,
          "the last good weights before meta-training diverged");
      run.printListing(out);
      throw e;
    } finally {
      closeAll(open);
    }
    long selected = report.selectedSeed().seed();
    if (config.seeds() > 1) {
      run.checkpoint("checkpoint.l2l", report.selectedSeed().training().best(),
          withSeed(provenance, selected, report.selectedSeed().training()),
          "the selected seed's weights (seed " + selected + ", lowest validation loss)");
    }
    run.curvesAndFigure(
        "Quadratic functions (n = " + config.task().dimension() + "), held-out problems",
        report.figureCurves(), report.allCurves());
    String summary = report.summaryMarkdown();
    run.text("summary.md", "# Quadratic reproduction\n\n" + summary, "the table above (Markdown)");
    out.println();
    out.println(summary);
    run.printListing(out);
  }

  private static String logName(ReproductionConfig c, long seed) {
    return c.seeds() == 1 ? "training-log.csv" : "training-log-seed" + seed + ".csv";
  }

  private static String checkpointName(ReproductionConfig c, long seed) {
    return c.seeds() == 1 ? "checkpoint.l2l" : "checkpoint-seed" + seed + ".l2l";
  }

  private static Map<String, String> withSeed(Map<String, String> provenance, long seed, TrainingResult r) {
    Map<String, String> p = new java.util.LinkedHashMap<>(provenance);
    p.put("training.seed", Long.toString(seed));
    p.put("training.bestOuterStep", Integer.toString(r.bestOuterStep()));
    p.put("training.bestValidationLoss", Double.toString(r.bestValidationLoss()));
    return p;
  }

  static void closeAll(List<AutoCloseable> open) {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("could not close " + c, e);
      }
    }
    open.clear();
  }
}
