package dev.l2l.training;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Markdown tables of loss curves: mean ± std across batches at chosen steps. */
public final class SummaryTable {
  /** The steps the tables show by default. */
  public static final int[] STEPS = {0, 1, 10, 20, 50, 100};

  private SummaryTable() {}

  /** The steps of {@link #STEPS} below {@code steps}, then {@code steps} itself (the final step). */
  public static int[] stepsUpTo(int steps) {
    return java.util.stream.IntStream.concat(
            java.util.Arrays.stream(STEPS).filter(t -> t < steps), java.util.stream.IntStream.of(steps))
        .toArray();
  }

  /**
   * A table with one row per curve.
   *
   * @param notes an extra column (e.g. the tuned learning rate), by curve name; may be empty
   * @param reference the curve whose final loss the "ratio" column divides by, or null for no column
   */
  public static String markdown(List<Curve> curves, int[] steps, String notesTitle, Map<String, String> notes, Curve reference) {
    StringBuilder sb = new StringBuilder("| optimizer |");
    if (notesTitle != null) {
      sb.append(' ').append(notesTitle).append(" |");
    }
    for (int s : steps) {
      sb.append(" step ").append(s).append(" |");
    }
    if (reference != null) {
      sb.append(" final / ").append(reference.name()).append(" |");
    }
    sb.append("\n|---|");
    if (notesTitle != null) {
      sb.append("---|");
    }
    sb.append("---|".repeat(steps.length));
    if (reference != null) {
      sb.append("---|");
    }
    sb.append('\n');
    for (Curve c : curves) {
      sb.append("| ").append(c.name()).append(" |");
      if (notesTitle != null) {
        sb.append(' ').append(notes.getOrDefault(c.name(), "")).append(" |");
      }
      for (int s : steps) {
        if (s < c.mean().length) {
          sb.append(String.format(Locale.ROOT, " %s ± %s |", fmt(c.mean()[s]), fmt(c.std()[s])));
        } else {
          sb.append(" – |");
        }
      }
      if (reference != null) {
        sb.append(String.format(Locale.ROOT, " %.2f |", c.finalMean() / reference.finalMean()));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Three significant digits, plain or scientific as fits. */
  public static String fmt(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-3 || a >= 1e5)) {
      return String.format(Locale.ROOT, "%.2e", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
