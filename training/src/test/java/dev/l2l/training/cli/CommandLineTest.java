package dev.l2l.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line run in-process: results written, bad input refused with a message and exit code 2. */
class CommandLineTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static final String[] TINY = {
    "--batch-size", "4", "--steps", "12", "--eval-batches", "1", "--outer-steps", "3", "--unroll", "4", "--unrolls", "2"
  };

  private static String[] with(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  @Test
  void trainThenEvaluateWritesTheRunFoldersAndReloadsTheCheckpoint() throws IOException {
    Path trainDir = tmp.resolve("train");
    Run train = run(with(new String[] {"train", "--out", trainDir.toString()}, TINY));
    assertEquals(0, train.code(), train.err());
    for (String f : List.of("config.txt", "training-log.csv", "checkpoint.l2l", "checkpoint-last.l2l")) {
      assertTrue(Files.size(trainDir.resolve(f)) > 0, f);
    }
    List<String> log = Files.readAllLines(trainDir.resolve("training-log.csv"));
    assertEquals(1 + 3, log.size(), "header and one row per outer step");
    assertTrue(train.out().contains(trainDir.toAbsolutePath().toString()), "prints where the results went");

    Path evalDir = tmp.resolve("eval");
    Run eval = run("evaluate", "--checkpoint", trainDir.resolve("checkpoint.l2l").toString(), "--out", evalDir.toString(),
        "--batch-size", "4", "--steps", "12", "--eval-batches", "1");
    assertEquals(0, eval.code(), eval.err());
    assertTrue(eval.out().contains("| LSTM |"), eval.out());
    List<String> csv = Files.readAllLines(evalDir.resolve("curves.csv"));
    assertEquals("step,LSTM_mean,LSTM_std", csv.get(0));
    assertEquals(1 + 13, csv.size(), "steps 0..12");
    assertTrue(Files.size(evalDir.resolve("figure.png")) > 1000);
  }

  @Test
  void nonPositiveSizesAreRefusedNamingTheOption() {
    for (String[] bad :
        List.of(
            new String[] {"train", "--batch-size", "0"},
            new String[] {"train", "--outer-steps", "-5"},
            new String[] {"train", "--meta-lr", "NaN"},
            new String[] {"baselines", "--steps", "0"},
            new String[] {"baselines", "--dimension", "0"},
            new String[] {"reproduce", "quadratic", "--seeds", "0"},
            new String[] {"train", "--clip-norm", "-1"},
            new String[] {"train", "--validate-every", "0"},
            new String[] {"train", "--output-scale", "0"},
            new String[] {"evaluate", "--checkpoint", "x.l2l", "--eval-batches", "0"})) {
      Run r = run(with(bad, "--out", tmp.resolve("never").toString()));
      assertEquals(Main.BAD_INPUT, r.code(), String.join(" ", bad));
      assertTrue(r.err().contains(bad[bad.length - 2]), "names " + bad[bad.length - 2] + ": " + r.err());
      assertFalse(Files.exists(tmp.resolve("never")), "nothing is created for bad input");
    }
  }

  @Test
  void benchRefusesBadSettingsNamingTheOption() {
    for (String[] bad :
        List.of(new String[] {"bench", "--reps", "0"}, new String[] {"bench", "--warmup", "-1"},
            new String[] {"bench", "--batch-sizes", "16,0"}, new String[] {"bench", "--cases", "eval,foo"})) {
      Run r = run(bad);
      assertEquals(Main.BAD_INPUT, r.code(), String.join(" ", bad));
      assertTrue(r.err().contains(bad[1]), "names " + bad[1] + ": " + r.err());
    }
  }

  @Test
  void anOutputFolderThatCannotBeCreatedIsRefused() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Run r = run("train", "--out", file.resolve("sub").toString());
    assertEquals(Main.BAD_INPUT, r.code());
    assertTrue(r.err().contains("--out") && r.err().contains("cannot be created"), r.err());
  }

  @Test
  void unknownOptionsAndValuesAreRefused() {
    Run unknown = run("train", "--batchsize", "4");
    assertEquals(Main.BAD_INPUT, unknown.code());
    assertTrue(unknown.err().contains("--batchsize"), unknown.err());
    Run badEnum = run("train", "--preprocessing", "LOGSIGN");
    assertEquals(Main.BAD_INPUT, badEnum.code());
    assertTrue(badEnum.err().contains("--preprocessing"), badEnum.err());
    Run noExperiment = run("reproduce");
    assertEquals(Main.BAD_INPUT, noExperiment.code());
    assertTrue(noExperiment.err().contains("quadratic"), noExperiment.err());
  }

  @Test
  void aFolderHoldingFilesIsNeverWrittenInto() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("old"));
    Path old = Files.writeString(dir.resolve("summary.md"), "an earlier result");
    Run r = run(with(new String[] {"train", "--out", dir.toString()}, TINY));
    assertEquals(Main.BAD_INPUT, r.code());
    assertTrue(r.err().contains("--out") && r.err().contains("already holds files"), r.err());
    assertEquals("an earlier result", Files.readString(old));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void aMissingOrCorruptCheckpointIsRefusedNamingTheFile() throws IOException {
    Path missing = tmp.resolve("nope.l2l");
    Run r = run("evaluate", "--checkpoint", missing.toString(), "--out", tmp.resolve("a").toString());
    assertEquals(Main.BAD_INPUT, r.code());
    assertTrue(r.err().contains(missing.toString()), r.err());

    Path garbage = Files.writeString(tmp.resolve("garbage.l2l"), "this is not a checkpoint");
    Run g = run("evaluate", "--checkpoint", garbage.toString(), "--out", tmp.resolve("b").toString());
    assertEquals(Main.BAD_INPUT, g.code());
    assertTrue(g.err().contains(garbage.toString()), g.err());
    assertFalse(Files.exists(tmp.resolve("b")), "no run folder for a refused checkpoint");
  }
}
