package dev.l2l.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code l2l example fashion-mnist} in-process: a tiny run writes its files; a missing data folder is named. */
class ExampleCommandTest {
  @TempDir Path tmp;

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void aTinyRunTunesAdamAndWritesCurvesFigureAndSummary() throws IOException {
    assumeTrue(Files.isRegularFile(FashionMnistCommand.DEBIAN_DATA.resolve("t10k-labels-idx1-ubyte.gz")),
        "needs Debian's dataset-fashion-mnist (installed by .ci/run)");
    Path out = tmp.resolve("fm");
    String[] r = run("example", "fashion-mnist", "--steps", "4", "--seeds", "1", "--test-images", "200",
        "--out", out.toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("Adam learning rate") && r[1].contains("tuned on the grid"), r[1]);
    for (String f : List.of("config.txt", "curves.csv", "figure.png", "figure.svg", "summary.md")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    List<String> csv = Files.readAllLines(out.resolve("curves.csv"));
    assertEquals("step,LSTM_mean,LSTM_std,Adam_mean,Adam_std", csv.get(0));
    assertEquals(1 + 4, csv.size(), "one row per step");
    String summary = Files.readString(out.resolve("summary.md"));
    assertTrue(summary.contains("| LSTM (") && summary.contains("| Adam (lr "), summary);
  }

  @Test
  void aMissingDataFolderIsNamedWithTheFix() {
    String[] r = run("example", "fashion-mnist", "--data", tmp.resolve("nothing").toString(), "--smoke",
        "--out", tmp.resolve("o").toString());
    assertEquals(Integer.toString(Main.BAD_INPUT), r[0]);
    assertTrue(r[2].contains("--data") && r[2].contains("dataset-fashion-mnist"), r[2]);
    String[] bad = run("example", "fashion-mnist", "--steps", "0", "--out", tmp.resolve("p").toString());
    assertEquals(Integer.toString(Main.BAD_INPUT), bad[0]);
    assertTrue(bad[2].contains("--steps"), bad[2]);
  }
}
