package dev.l2l.training.cli;

import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.training.DivergenceException;
import dev.l2l.training.ReproductionListener;
import dev.l2l.training.TrainingListener;
import dev.l2l.training.TrainingResult;
import dev.l2l.training.io.TrainingLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an experiment command shows and writes while it runs: a CSV log and a progress bar per seed's
 * meta-training, each phase on the console, each seed's best weights saved at once, and the last good
 * weights when meta-training diverges. Owns the open logs and bars: use it in try-with-resources.
 */
final class RunReporter implements ReproductionListener, AutoCloseable {
  private final RunOutput run;
  private final PrintWriter out;
  private final int seeds;
  private final int outerSteps;
  private final Map<String, String> provenance;
  private final List<AutoCloseable> open = new ArrayList<>();

  /**
   * @param seeds how many seeds the run meta-trains (one: plain file names; several: one file per seed)
   * @param provenance the settings stored in every checkpoint
   */
  RunReporter(RunOutput run, PrintWriter out, int seeds, int outerSteps, Map<String, String> provenance) {
    this.run = run;
    this.out = out;
    this.seeds = seeds;
    this.outerSteps = outerSteps;
    this.provenance = provenance;
  }

  @Override
  public TrainingListener training(int seedIndex, long seed) {
    String name = seeds == 1 ? "training-log.csv" : "training-log-seed" + seed + ".csv";
    try {
      TrainingLog log = new TrainingLog(run.file(name));
      Progress bar = new Progress("seed " + seed, outerSteps);
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
    close();
    out.println("== " + description);
    out.flush();
  }

  @Override
  public void trained(long seed, TrainingResult result) {
    close();
    run.checkpoint(seeds == 1 ? "checkpoint.l2l" : "checkpoint-seed" + seed + ".l2l", result.best(),
        provenance(seed, result), "best weights of seed " + seed + " (validation loss "
            + String.format("%.4g", result.bestValidationLoss()) + ", outer step " + result.bestOuterStep() + ")");
    out.printf("seed %d: %.1f s, best validation loss %.4g at outer step %d, %d unrolls skipped%n",
        seed, result.seconds(), result.bestValidationLoss(), result.bestOuterStep(), result.skippedUnrolls());
    out.flush();
  }

  /** With several seeds, saves the selected one's weights as {@code checkpoint.l2l}. */
  void selected(long seed, TrainingResult result) {
    if (seeds > 1) {
      run.checkpoint("checkpoint.l2l", result.best(), provenance(seed, result),
          "the selected seed's weights (seed " + seed + ", lowest validation loss)");
    }
  }

  /** Saves the last good weights of a diverged meta-training and lists the run folder. */
  void diverged(DivergenceException e) {
    close();
    LstmWeights best = e.bestWeights();
    run.checkpoint("checkpoint-diverged.l2l", best, provenance, "the last good weights before meta-training diverged");
    run.printListing(out);
  }

  private Map<String, String> provenance(long seed, TrainingResult r) {
    Map<String, String> p = new LinkedHashMap<>(provenance);
    p.put("training.seed", Long.toString(seed));
    p.put("training.bestOuterStep", Integer.toString(r.bestOuterStep()));
    p.put("training.bestValidationLoss", Double.toString(r.bestValidationLoss()));
    return p;
  }

  /** Closes the open logs and progress bars. */
  @Override
  public void close() {
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
