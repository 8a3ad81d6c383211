package dev.l2l.training.cli;

import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.training.Baselines;
import dev.l2l.training.Curve;
import dev.l2l.training.ReproductionConfig;
import dev.l2l.training.SummaryTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code l2l baselines}: tunes and evaluates all five hand-crafted optimizers on the quadratic. */
@Command(
    name = "baselines",
    mixinStandardHelpOptions = true,
    description = "Tune SGD, momentum, NAG, RMSprop and Adam by learning-rate search and evaluate them on held-out quadratics.")
final class BaselinesCommand implements Runnable {
  @Mixin TaskOptions task;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    ReproductionConfig config = task.config();
    RunOutput run = RunOutput.create(task.out, "baselines");
    run.text("config.txt", config.describe(), "every setting of this run");
    out.println("l2l baselines -> " + run.dir());
    out.println("learning-rate grid: " + config.grid());
    out.flush();
    QuadraticFamily family = new QuadraticFamily(config.task());
    List<Baselines.Tuned> tuned = new ArrayList<>();
    List<Curve> curves = new ArrayList<>();
    Map<String, String> rates = new LinkedHashMap<>();
    Baselines.Tuned best = null;
    for (var prototype : Baselines.all()) {
      out.println("== tuning and evaluating " + prototype.name());
      out.flush();
      Baselines.Tuned t =
          Baselines.tuneAndEvaluate(family, List.of(prototype), config.grid(), config.tuning(),
                  config.evaluation(), config.steps(), config.session())
              .get(0);
      tuned.add(t);
      curves.add(t.curve());
      rates.put(t.curve().name(), SummaryTable.fmt(t.optimizer().learningRate()));
      if (best == null || t.curve().finalMean() < best.curve().finalMean()) {
        best = t;
      }
    }
    String table =
        String.format(
                "Held-out problems: %s, %d steps; mean ± std across batches; learning rates tuned on %s.%n%n",
                config.evaluation(), config.steps(), config.tuning())
            + SummaryTable.markdown(curves, SummaryTable.stepsUpTo(config.steps()), "learning rate", rates, best.curve());
    run.curvesAndFigure("Tuned baselines on quadratics (n = " + config.task().dimension() + ")", curves, curves);
    run.text("summary.md", "# Tuned baselines\n\n" + table, "the table above (Markdown)");
    out.println();
    out.println(table);
    run.printListing(out);
  }
}
