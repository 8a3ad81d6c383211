package dev.l2l.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    Path nothing = tmp.resolve("nothing");
    String[] r = run("example", "fashion-mnist", "--data", nothing.toString(), "--smoke",
        "--out", tmp.resolve("o").toString());
    assertEquals(Integer.toString(Main.BAD_INPUT), r[0]);
    assertEquals("error: --data " + nothing + ": " + nothing.resolve("train-images-idx3-ubyte") + ": missing (looked for "
        + "train-images-idx3-ubyte and train-images-idx3-ubyte.gz in " + nothing + "); the folder must hold the four "
        + "MNIST-format files (install Debian's dataset-fashion-mnist or give --data DIR)", r[2].strip());
    assertFalse(Files.exists(tmp.resolve("o")));
  }

  @Test
  void badOptionsAreRefusedWithTheirMessage() {
    String[][] cases = {
      {"error: --steps must be a positive whole number, got 0", "--steps", "0"},
      {"error: --seeds must be a positive whole number, got 0", "--seeds", "0"},
      {"error: --batch must be a positive whole number, got 0", "--batch", "0"},
      {"error: --hidden must be a positive whole number, got -3", "--hidden", "-3"},
      {"error: --adam-lr must be a positive finite number, got -1.0", "--adam-lr", "-1"},
      {"error: --test-images must be a positive whole number, got 0", "--test-images", "0"},
      {"error: --threads must be a positive whole number, got 0", "--threads", "0"},
      {"Invalid value for option '--init': expected one of [SMALL, GLOROT] (case-sensitive) but was 'zero'",
          "--init", "zero"},
    };
    for (String[] c : cases) {
      String[] r = run("example", "fashion-mnist", c[1], c[2], "--data", tmp.resolve("nothing").toString(),
          "--out", tmp.resolve("o").toString());
      assertEquals(Integer.toString(Main.BAD_INPUT), r[0], c[1]);
      assertEquals(c[0], r[2].lines().findFirst().orElse(""), c[1]);
      assertFalse(Files.exists(tmp.resolve("o")));
    }
  }
}
