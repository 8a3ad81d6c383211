package dev.l2l.training.cli;

import dev.l2l.training.DivergenceException;
import dev.l2l.training.QuadraticReproduction;
import dev.l2l.training.ReproductionConfig;
import java.io.PrintWriter;
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
    QuadraticReproduction.Report report;
    try (RunReporter reporter =
        new RunReporter(run, out, config.seeds(), config.training().outerSteps(), provenance)) {
      try {
        report = QuadraticReproduction.run(config, reporter);
      } catch (DivergenceException e) {
        reporter.diverged(e);
        throw e;
      }
      reporter.selected(report.selectedSeed().seed(), report.selectedSeed().training());
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
}
