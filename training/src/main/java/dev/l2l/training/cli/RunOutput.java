package dev.l2l.training.cli;

import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.training.Curve;
import dev.l2l.training.io.AtomicFiles;
import dev.l2l.training.io.Checkpoint;
import dev.l2l.training.io.CurveFiles;
import dev.l2l.training.io.Figures;
import dev.l2l.training.io.RunFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A command's run folder: writes its files atomically and remembers them to list at the end. The folder is
 * made when the first file is asked for, so a command that fails before writing anything (bad input found
 * while starting up) leaves no folder behind.
 */
final class RunOutput {
  private final Path dir;
  private boolean exists;
  private final List<String> written = new ArrayList<>();

  private RunOutput(Path dir, boolean exists) {
    this.dir = dir;
    this.exists = exists;
  }

  /**
   * The run folder {@code requested} (or the default for {@code name}), checked now (a non-empty or
   * uncreatable one is refused) and created with its first file.
   */
  static RunOutput create(Path requested, String name) {
    return new RunOutput(RunFolder.check(requested != null ? requested : RunFolder.defaultFor(name)), false);
  }

  /** An existing run folder (to resume a run in it). */
  static RunOutput existing(Path dir) {
    return new RunOutput(dir, true);
  }

  Path dir() {
    return dir;
  }

  /** The path of file {@code name} in the run folder, which is created on the first call. */
  Path file(String name) {
    if (!exists) {
      RunFolder.create(dir);
      exists = true;
    }
    return dir.resolve(name);
  }

  /** Notes a file written by someone else (e.g. the training log) for the final listing. */
  void noted(String name, String what) {
    written.add(String.format("  %-28s %s", name, what));
  }

  void text(String name, String text, String what) {
    try {
      AtomicFiles.writeString(file(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file(name), e);
    }
    noted(name, what);
  }

  void checkpoint(String name, LstmWeights weights, Map<String, String> provenance, String what) {
    try {
      Checkpoint.of(weights, provenance).save(file(name));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file(name), e);
    }
    noted(name, what);
  }

  /** Writes curves.csv (every curve) and figure.png/.svg (the figure's curves). */
  void curvesAndFigure(String title, List<Curve> figure, List<Curve> all) {
    curvesAndFigure("", title, figure, all);
  }

  /** Writes curves{suffix}.csv and figure{suffix}.png/.svg, e.g. with suffix {@code -relu}. */
  void curvesAndFigure(String suffix, String title, List<Curve> figure, List<Curve> all) {
    try {
      CurveFiles.write(file("curves" + suffix + ".csv"), all);
      noted("curves" + suffix + ".csv", "mean and std of the loss per step, every optimizer");
      Figures.save(Figures.lossCurves(title, figure), file("figure" + suffix));
      noted("figure" + suffix + ".png, .svg", "the loss curves (log scale; faint lines: lowest and highest batch)");
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the curves or the figure in " + dir, e);
    }
  }

  void printListing(PrintWriter out) {
    out.println();
    out.println("Results in " + dir.toAbsolutePath() + ":");
    written.forEach(out::println);
    out.flush();
  }
}
