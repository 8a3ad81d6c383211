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
 * {@code outer_step,meta_loss,validation_loss,best_validation_loss,skipped_unrolls,rollbacks,elapsed_s}
 * (validation_loss is empty where it was not measured). Owns an open file: close it.
 */
public final class TrainingLog implements TrainingListener, AutoCloseable {
  public static final String HEADER =
      "outer_step,meta_loss,validation_loss,best_validation_loss,skipped_unrolls,rollbacks,elapsed_s";
  private final PrintWriter out;

  /** Starts a new log at {@code path} (replacing any file there). */
  public TrainingLog(Path path) throws IOException {
    out = new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8));
    out.println(HEADER);
    out.flush();
  }

  private TrainingLog(PrintWriter out) {
    this.out = out;
  }

  /**
   * Continues the log of a resumed run: keeps the header and the rows up to {@code outerStep} (rows
   * written after the snapshot the run resumes from are dropped, since they will be written again), then
   * appends.
   */
  public static TrainingLog continueAt(Path path, int outerStep) throws IOException {
    java.util.List<String> kept = new java.util.ArrayList<>();
    kept.add(HEADER);
    if (Files.exists(path)) {
      for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
        int comma = line.indexOf(',');
        if (comma > 0 && line.substring(0, comma).chars().allMatch(Character::isDigit)
            && Integer.parseInt(line.substring(0, comma)) <= outerStep
            && line.split(",", -1).length == HEADER.split(",").length) {
          kept.add(line);
        }
      }
    }
    AtomicFiles.writeString(path, String.join("\n", kept) + "\n");
    return new TrainingLog(
        new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)));
  }

  @Override
  public void onOuterStep(TrainingProgress p) {
    out.printf(Locale.ROOT, "%d,%.6g,%s,%.6g,%d,%d,%.3f%n",
        p.outerStep(), p.metaLoss(),
        Double.isNaN(p.validationLoss()) ? "" : String.format(Locale.ROOT, "%.6g", p.validationLoss()),
        p.bestValidationLoss(), p.skippedUnrolls(), p.rollbacks(), p.elapsedSeconds());
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
