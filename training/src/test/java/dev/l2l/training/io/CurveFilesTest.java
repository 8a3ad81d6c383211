package dev.l2l.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.l2l.training.Curve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveFilesTest {
  @TempDir Path dir;

  @Test
  void csvHoldsEveryMeanAndStdToSixDigits() throws IOException {
    Curve sgd = Curve.of("SGD", new double[][] {{10.0, 3.0, 1.234567891}, {12.0, 5.0, 1.0}});
    Curve adam = Curve.of("Adam", new double[][] {{10.0, 0.002, 1e-7}, {12.0, 0.004, 3e-7}});
    Path p = dir.resolve("curves.csv");
    CurveFiles.write(p, List.of(sgd, adam));
    List<String> lines = Files.readAllLines(p);
    assertEquals(4, lines.size());
    assertEquals("step,SGD_mean,SGD_std,Adam_mean,Adam_std", lines.get(0));
    for (int t = 0; t < 3; t++) {
      String[] f = lines.get(t + 1).split(",");
      assertEquals(5, f.length);
      assertEquals(t, Integer.parseInt(f[0]));
      double[] expected = {sgd.mean()[t], sgd.std()[t], adam.mean()[t], adam.std()[t]};
      for (int k = 0; k < 4; k++) {
        assertEquals(expected[k], Double.parseDouble(f[k + 1]), 5e-6 * Math.abs(expected[k]), "step " + t + " column " + (k + 1));
      }
    }
    // spot values worked out by hand
    assertEquals("0,11.0000,1.41421,11.0000,1.41421", lines.get(1));
    assertEquals(2e-7, Double.parseDouble(lines.get(3).split(",")[3]), 1e-20);
  }
}
