package dev.l2l.training.cli;

import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.training.ProblemSet;
import dev.l2l.training.ReproductionConfig;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command shares: the problems, the evaluation, threads and device, and the output folder. */
final class TaskOptions {
  @Option(names = "--smoke", description = "Small sizes for a quick check (batch 32, 60 outer steps, coarse grid, 2 evaluation batches); not the paper's numbers.")
  boolean smoke;

  @Option(names = "--batch-size", paramLabel = "N", description = "Problems per batch (default 128; 32 with --smoke).")
  Integer batchSize;

  @Option(names = "--dimension", paramLabel = "N", description = "Quadratic dimension n (default 10).")
  Integer dimension;

  @Option(names = "--distribution", paramLabel = "D", description = "Problem distribution: ${COMPLETION-CANDIDATES} (default GAUSSIAN).")
  QuadraticConfig.Distribution distribution;

  @Option(names = "--steps", paramLabel = "N", description = "Inner steps of every evaluation (default 100).")
  Integer steps;

  @Option(names = "--eval-batches", paramLabel = "N", description = "Held-out batches (default 10; 2 with --smoke).")
  Integer evalBatches;

  @Mixin SessionOptions session;

  @Option(names = "--out", paramLabel = "DIR", description = "Run folder to write (must not exist or be empty; default runs/<command>-<time>).")
  Path out;

  /** Applies these options to the defaults (or the smoke settings); refuses bad values naming the flag. */
  ReproductionConfig apply(ReproductionConfig base) {
    ReproductionConfig c = base;
    QuadraticConfig task = c.task();
    if (batchSize != null) {
      task = task.withBatchSize(Flags.positive("--batch-size", batchSize));
    }
    if (dimension != null) {
      task = task.withDimension(Flags.positive("--dimension", dimension));
    }
    if (distribution != null) {
      task = task.withDistribution(distribution);
    }
    c = c.withTask(task);
    if (steps != null) {
      c = c.withSteps(Flags.positive("--steps", steps));
    }
    if (evalBatches != null) {
      ProblemSet e = c.evaluation();
      c = c.withEvaluation(new ProblemSet(e.name(), e.seed(), Flags.positive("--eval-batches", evalBatches)));
    }
    return c.withSession(session.apply(c.session()));
  }

  ReproductionConfig config() {
    return apply(smoke ? ReproductionConfig.smoke() : ReproductionConfig.defaults());
  }
}
