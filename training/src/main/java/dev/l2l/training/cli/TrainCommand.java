package dev.l2l.training.cli;

import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.training.DivergenceException;
import dev.l2l.training.MetaTrainer;
import dev.l2l.training.ReproductionConfig;
import dev.l2l.training.TrainingListener;
import dev.l2l.training.TrainingResult;
import dev.l2l.training.TrainingState;
import dev.l2l.training.io.Checkpoint;
import dev.l2l.training.io.TrainingLog;
import dev.l2l.training.io.TrainingStateFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code l2l train}: meta-trains the LSTM optimizer on the quadratic and saves its best weights. At every
 * validation it saves {@code training-state.l2l} and the best weights so far, so {@code --resume DIR}
 * continues a killed run and ends with the same weights as an uninterrupted one.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Meta-train the LSTM optimizer on quadratics; writes the checkpoint of the best weights and the log.",
      "Saves its state at every validation: --resume DIR continues an interrupted run exactly."
    })
final class TrainCommand implements Runnable {
  static final String STATE = "training-state.l2l";

  @Mixin TaskOptions task;
  @Mixin TrainingOptions training;

  @Option(names = "--from", paramLabel = "FILE", description = "Start from the weights of this checkpoint (its LSTM settings are used; the meta-optimizer starts fresh).")
  Path from;

  @Option(names = "--resume", paramLabel = "DIR", description = "Continue the interrupted run in DIR with its own settings (no other option allowed).")
  Path resume;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    if (resume != null) {
      long others = spec.commandLine().getParseResult().matchedOptions().stream()
          .filter(o -> !o.longestName().equals("--resume")).count();
      if (others > 0) {
        throw new IllegalArgumentException("--resume continues a run with its own settings; give no other option");
      }
      resumeRun(out);
      return;
    }
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
    try (MetaTrainer<?> trainer = new MetaTrainer<>(new QuadraticFamily(config.task()), config.training(), config.session());
        TrainingLog log = new TrainingLog(run.file("training-log.csv"))) {
      TrainingState initial = start == null ? trainer.initialState() : trainer.initialState(start.weights());
      train(out, run, config, config.properties(), trainer, initial, log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the training log in " + run.dir(), e);
    }
  }

  private void resumeRun(PrintWriter out) {
    Path stateFile = resume.resolve(STATE);
    if (!Files.isDirectory(resume)) {
      throw new IllegalArgumentException("--resume " + resume + " is not a folder");
    }
    Map<String, String> settings = TrainingStateFile.settings(stateFile);
    ReproductionConfig config;
    try {
      config = ReproductionConfig.fromProperties(settings);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--resume: " + stateFile + ": " + e.getMessage(), e);
    }
    TrainingStateFile.Saved saved = TrainingStateFile.load(stateFile, config.training().lstm());
    RunOutput run = RunOutput.existing(resume);
    out.printf("l2l train --resume %s: continuing after outer step %d of %d%n", resume,
        saved.state().outerStep(), config.training().outerSteps());
    out.flush();
    try (MetaTrainer<?> trainer = new MetaTrainer<>(new QuadraticFamily(config.task()), config.training(), config.session());
        TrainingLog log = TrainingLog.continueAt(run.file("training-log.csv"), saved.state().outerStep())) {
      train(out, run, config, settings, trainer, saved.state(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not continue the training log in " + run.dir(), e);
    }
  }

  private static void train(
      PrintWriter out, RunOutput run, ReproductionConfig config, Map<String, String> settings, MetaTrainer<?> trainer,
      TrainingState from, TrainingLog log) {
    Map<String, String> provenance = new java.util.LinkedHashMap<>(settings);
    TrainingResult result;
    try (Progress bar = new Progress("meta-training", config.training().outerSteps())) {
      run.noted("training-log.csv", "meta-loss and validation loss per outer step (CSV)");
      TrainingListener listener = TrainingListener.both(log, bar);
      result = trainer.train(from, listener, state -> {
        try {
          TrainingStateFile.save(run.file(STATE), provenance, state);
          Checkpoint.of(new dev.l2l.optimizers.learned.LstmWeights(config.training().lstm(), state.best()), provenance)
              .save(run.file("checkpoint.l2l"));
        } catch (IOException e) {
          throw new UncheckedIOException("could not save the training state in " + run.dir(), e);
        }
      });
    } catch (DivergenceException e) {
      run.checkpoint("checkpoint-diverged.l2l", e.bestWeights(), provenance,
          "the last good weights before meta-training diverged");
      run.printListing(out);
      throw e;
    }
    run.noted(STATE, "the state to resume from (l2l train --resume " + run.dir() + ")");
    provenance.put("training.bestOuterStep", Integer.toString(result.bestOuterStep()));
    provenance.put("training.bestValidationLoss", Double.toString(result.bestValidationLoss()));
    run.checkpoint("checkpoint.l2l", result.best(), provenance, "the best weights (lowest validation loss)");
    run.checkpoint("checkpoint-last.l2l", result.last(), provenance, "the weights after the last outer step");
    out.printf("%.1f s; best validation loss %.4g at outer step %d; %d unrolls skipped, %d rollbacks%n",
        result.seconds(), result.bestValidationLoss(), result.bestOuterStep(), result.skippedUnrolls(), result.rollbacks());
    run.printListing(out);
  }
}
