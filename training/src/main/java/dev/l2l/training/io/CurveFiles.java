package dev.l2l.training.io;

import dev.l2l.training.Curve;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes loss curves as CSV: one row per step, a mean and a std column per optimizer. */
public final class CurveFiles {
  private CurveFiles() {}

  public static String toCsv(List<Curve> curves) {
    StringBuilder sb = new StringBuilder("step");
    for (Curve c : curves) {
      sb.append(',').append(c.name()).append("_mean,").append(c.name()).append("_std");
    }
    sb.append('\n');
    int steps = curves.get(0).mean().length;
    for (int t = 0; t < steps; t++) {
      sb.append(t);
      for (Curve c : curves) {
        sb.append(String.format(Locale.ROOT, ",%.6g,%.6g", c.mean()[t], c.std()[t]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  public static void write(Path path, List<Curve> curves) throws IOException {
    AtomicFiles.writeString(path, toCsv(curves));
  }
}
