package dev.l2l.training.cli;

import dev.l2l.core.RunTrace;
import dev.l2l.optimizers.learned.LstmCellKernel;
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

  /** Says where TensorFlow ran the unroll, and which LSTM cell kernel it ran, above the bar. */
  @Override
  public void ranOn(RunTrace firstUnroll) {
    boolean fused = firstUnroll.opTypes().stream().anyMatch(t -> t.type().equals("L2lLstmCell"));
    System.err.println("\r" + task + ": TensorFlow ran the unroll's ops on " + RunTrace.shortDevices(firstUnroll.devices())
        + "; LSTM cell: " + (fused ? LstmCellKernel.FUSED : LstmCellKernel.TENSORFLOW_OPS).description());
  }

  @Override
  public void close() {
    bar.close();
  }
}
