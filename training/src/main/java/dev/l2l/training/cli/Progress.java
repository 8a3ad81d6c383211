package dev.l2l.training.cli;

import dev.l2l.training.SummaryTable;
import dev.l2l.training.TrainingListener;
import dev.l2l.training.TrainingProgress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar for meta-training: outer steps, ETA, meta-loss and validation loss. */
final class Progress implements TrainingListener, AutoCloseable {
  private final ProgressBar bar;
  private final String task;
  private String validation = "–";

  Progress(String task, int outerSteps) {
    this.task = task;
    bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(outerSteps)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(1000)
            .setMaxRenderedLength(110)
            .build();
  }

  @Override
  public void onOuterStep(TrainingProgress p) {
    if (!Double.isNaN(p.validationLoss())) {
      validation = SummaryTable.fmt(p.validationLoss());
    }
    bar.stepTo(p.outerStep());
    bar.setExtraMessage(
        "meta " + SummaryTable.fmt(p.metaLoss()) + " val " + validation
            + " best " + SummaryTable.fmt(p.bestValidationLoss())
            + (p.skippedUnrolls() > 0 ? " skipped " + p.skippedUnrolls() : ""));
  }

  /** Says where TensorFlow ran the unroll, above the bar. */
  @Override
  public void ranOn(java.util.Set<String> devices) {
    System.err.println("\r" + task + ": TensorFlow ran the unroll's ops on " + dev.l2l.core.RunTrace.shortDevices(devices));
  }

  @Override
  public void close() {
    bar.close();
  }
}
