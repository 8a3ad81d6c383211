package dev.l2l.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code l2l reproduce mnist}: a missing or corrupt data folder and bad options give exit code 2 and a clear message. */
class MnistCommandTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aMissingDataFolderSaysHowToGetTheData() {
    Run r = run("reproduce", "mnist", "--smoke", "--data", tmp.resolve("nowhere").toString(), "--out", tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, r.code(), r.err());
    assertTrue(r.err().contains("is not a folder"), r.err());
    assertTrue(r.err().contains("apt-get install dataset-fashion-mnist"), r.err());
    assertFalse(Files.exists(tmp.resolve("o")), "no run folder for a run that cannot start");
  }

  @Test
  void aFolderWithoutTheFilesNamesTheMissingFile() {
    Run r = run("reproduce", "mnist", "--smoke", "--data", tmp.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, r.code(), r.err());
    assertTrue(r.err().contains("train-images-idx3-ubyte"), r.err());
    assertTrue(r.err().contains("missing"), r.err());
  }

  @Test
  void aCorruptFileIsNamedWithWhatIsWrong() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.write(data.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2});
    Files.write(data.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 1, 2});
    Run r = run("reproduce", "mnist", "--smoke", "--data", data.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, r.code(), r.err());
    assertTrue(r.err().contains("train-images-idx3-ubyte: the header claims dimensions [2, 28, 28]"), r.err());
    assertTrue(r.err().contains("truncated"), r.err());
  }

  @Test
  void badOptionsAreNamed() {
    Run variant = run("reproduce", "mnist", "--smoke", "--variants", "base,tanh", "--out", tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, variant.code());
    assertTrue(variant.err().contains("--variants: unknown variant 'tanh'"), variant.err());
    Run steps = run("reproduce", "mnist", "--outer-steps", "0", "--out", tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, steps.code());
    assertTrue(steps.err().contains("--outer-steps must be a positive whole number"), steps.err());
  }
}
