package dev.l2l.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code l2l reproduce mnist}: a missing or corrupt data folder and bad options give exit code 2 and a clear message. */
class MnistCommandTest {
  @TempDir Path tmp;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void aMissingDataFolderSaysHowToGetTheData() {
    Path nowhere = tmp.resolve("nowhere");
    CliRun r = run("reproduce", "mnist", "--smoke", "--data", nowhere.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, r.code(), r.err());
    assertEquals("error: --data: " + nowhere + " is not a folder. Give --data DIR, a folder with the four MNIST-format "
        + "files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, "
        + "each plain or .gz): Fashion-MNIST from Debian (apt-get install dataset-fashion-mnist puts them in "
        + "/usr/share/datasets/fashion-mnist), or MNIST itself, downloaded by hand from the MNIST database's web page "
        + "(see docs/results.md).", r.err().strip());
    assertFalse(Files.exists(tmp.resolve("o")), "no run folder for a run that cannot start");
  }

  @Test
  void aFolderWithoutTheFilesNamesTheMissingFile() {
    CliRun r = run("reproduce", "mnist", "--smoke", "--data", tmp.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, r.code(), r.err());
    assertEquals("error: --data " + tmp + ": " + tmp.resolve("train-images-idx3-ubyte") + ": missing (looked for "
        + "train-images-idx3-ubyte and train-images-idx3-ubyte.gz in " + tmp + "); the folder must hold the four "
        + "MNIST-format files", r.err().strip());
  }

  @Test
  void aCorruptFileIsNamedWithWhatIsWrong() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.write(data.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2});
    Files.write(data.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 1, 2});
    CliRun r = run("reproduce", "mnist", "--smoke", "--data", data.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, r.code(), r.err());
    assertEquals("error: --data " + data + ": " + data.resolve("train-images-idx3-ubyte") + ": the header claims "
        + "dimensions [2, 28, 28] (1568 data bytes), but the file has 2 bytes after its 16-byte header (truncated?)",
        r.err().strip());
  }

  @Test
  void badOptionsAreNamed() {
    CliRun variant = run("reproduce", "mnist", "--smoke", "--variants", "base,foo", "--out", tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, variant.code());
    assertEquals("error: --variants: unknown variant 'foo'; choose from base, base-long, hidden40, layers2, relu",
        variant.err().strip());
    CliRun steps = run("reproduce", "mnist", "--outer-steps", "0", "--out", tmp.resolve("o").toString());
    assertEquals(Main.BAD_INPUT, steps.code());
    assertEquals("error: --outer-steps must be a positive whole number, got 0", steps.err().strip());
    assertFalse(Files.exists(tmp.resolve("o")), "no run folder for bad options");
  }
}
