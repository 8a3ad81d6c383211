package dev.l2l.training.cli;

import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.training.DivergenceException;
import dev.l2l.training.MetaTrainer;
import dev.l2l.training.ReproductionConfig;
import dev.l2l.training.TrainingResult;
import dev.l2l.training.io.Checkpoint;
import dev.l2l.training.io.TrainingLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2l train}: meta-trains the LSTM optimizer on the quadratic and saves its best weights. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Meta-train the LSTM optimizer on quadratics; writes the checkpoint of the best weights and the log.")
final class TrainCommand implements Runnable {
  @Mixin TaskOptions task;
  @Mixin TrainingOptions training;

  @Option(names = "--from", paramLabel = "FILE", description = "Continue from the weights of this checkpoint (its LSTM settings are used).")
  Path from;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    ReproductionConfig config = training.apply(task.config());
    Checkpoint start = from == null ? null : Checkpoint.load(from);
    if (start != null) {
      config = config.withTraining(config.training().withLstm(start.weights().config()));
    }
    if (config.seeds() != 1) {
      throw new IllegalArgumentException("--seeds: train runs one seed; use reproduce quadratic --seeds N for several");
    }
    RunOutput run = RunOutput.create(task.out, "train");
    run.text("config.txt", config.describe() + (from == null ? "" : "training.from = " + from + "\n"),
        "every setting of this run");
    out.println("l2l train -> " + run.dir());
    out.flush();
    Map<String, String> provenance = config.properties();
    TrainingResult result;
    try (MetaTrainer<?> trainer = new MetaTrainer<>(new QuadraticFamily(config.task()), config.training(), config.session());
        TrainingLog log = new TrainingLog(run.file("training-log.csv"));
        Progress bar = new Progress("meta-training", config.training().outerSteps())) {
      run.noted("training-log.csv", "meta-loss and validation loss per outer step (CSV)");
      out.println("graph: " + trainer.operationCount() + " ops");
      out.flush();
      result =
          start == null
              ? trainer.train(p -> { log.onOuterStep(p); bar.onOuterStep(p); })
              : trainer.train(start.weights(), p -> { log.onOuterStep(p); bar.onOuterStep(p); });
    } catch (DivergenceException e) {
      run.checkpoint("checkpoint-diverged.l2l", e.bestWeights(), provenance,
          "the last good weights before meta-training diverged");
      run.printListing(out);
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the training log in " + run.dir(), e);
    }
    provenance.put("training.bestOuterStep", Integer.toString(result.bestOuterStep()));
    provenance.put("training.bestValidationLoss", Double.toString(result.bestValidationLoss()));
    run.checkpoint("checkpoint.l2l", result.best(), provenance, "the best weights (lowest validation loss)");
    run.checkpoint("checkpoint-last.l2l", result.last(), provenance, "the weights after the last outer step");
    out.printf("%.1f s; best validation loss %.4g at outer step %d; %d unrolls skipped%n",
        result.seconds(), result.bestValidationLoss(), result.bestOuterStep(), result.skippedUnrolls());
    run.printListing(out);
  }
}
