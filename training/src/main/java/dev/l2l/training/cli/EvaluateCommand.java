package dev.l2l.training.cli;

import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.training.Curve;
import dev.l2l.training.Evaluation;
import dev.l2l.training.LearnedOptimizers;
import dev.l2l.training.ReproductionConfig;
import dev.l2l.training.SummaryTable;
import dev.l2l.training.io.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2l evaluate}: runs a saved learned optimizer on the held-out quadratics. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Evaluate a learned optimizer from a checkpoint on held-out quadratics.")
final class EvaluateCommand implements Runnable {
  @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "The checkpoint (.l2l) to evaluate.")
  Path checkpoint;

  @Mixin TaskOptions task;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    ReproductionConfig config = task.config();
    Checkpoint loaded = Checkpoint.load(checkpoint);
    RunOutput run = RunOutput.create(task.out, "evaluate");
    Curve curve =
        Evaluation.run(new QuadraticFamily(config.task()), LearnedOptimizers.withWeights(loaded.weights()),
                config.evaluation(), config.steps(), config.session())
            .withName("LSTM");
    run.text("config.txt", config.describe() + "checkpoint = " + checkpoint.toAbsolutePath() + "\n",
        "every setting of this run");
    String table =
        String.format("Checkpoint %s on %s, %d steps; mean ± std across batches.%n%n",
                checkpoint, config.evaluation(), config.steps())
            + SummaryTable.markdown(List.of(curve), SummaryTable.stepsUpTo(config.steps()), null, Map.of(), null);
    run.curvesAndFigure("Learned optimizer on quadratics (n = " + config.task().dimension() + ")", List.of(curve), List.of(curve));
    run.text("summary.md", "# Evaluation\n\n" + table, "the table above (Markdown)");
    out.println(table);
    run.printListing(out);
  }
}
