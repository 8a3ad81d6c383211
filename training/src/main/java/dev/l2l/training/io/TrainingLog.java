package dev.l2l.training.io;

import dev.l2l.training.TrainingListener;
import dev.l2l.training.TrainingProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The meta-training log as CSV, one row per outer step, flushed as it goes:
 * {@code outer_step,meta_loss,validation_loss,best_validation_loss,skipped_unrolls,elapsed_s}
 * (validation_loss is empty where it was not measured). Owns an open file: close it.
 */
public final class TrainingLog implements TrainingListener, AutoCloseable {
  public static final String HEADER =
      "outer_step,meta_loss,validation_loss,best_validation_loss,skipped_unrolls,elapsed_s";
  private final PrintWriter out;

  public TrainingLog(Path path) throws IOException {
    out = new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8));
    out.println(HEADER);
    out.flush();
  }

  @Override
  public void onOuterStep(TrainingProgress p) {
    out.printf(Locale.ROOT, "%d,%.6g,%s,%.6g,%d,%.3f%n",
        p.outerStep(), p.metaLoss(),
        Double.isNaN(p.validationLoss()) ? "" : String.format(Locale.ROOT, "%.6g", p.validationLoss()),
        p.bestValidationLoss(), p.skippedUnrolls(), p.elapsedSeconds());
    out.flush();
    if (out.checkError()) {
      throw new UncheckedIOException(new IOException("could not write the training log"));
    }
  }

  @Override
  public void close() {
    out.close();
  }
}
