package dev.l2l.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.training.io.TrainingStateFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A meta-training process killed with SIGKILL in the middle of training, then resumed, ends with the same
 * bytes in its checkpoints as a run that was never interrupted.
 */
class ResumeAfterKillTest {
  @TempDir Path tmp;

  private static final List<String> SETTINGS =
      List.of("--batch-size", "8", "--outer-steps", "80", "--validate-every", "4", "--unroll", "5", "--unrolls", "2",
          "--validation-batches", "1");

  private static int inProcess(List<String> args) {
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new));
    assertEquals(0, code, err.toString());
    return code;
  }

  @Test
  void aRunKilledMidTrainingResumesToTheSameWeights() throws Exception {
    Path killed = tmp.resolve("killed");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-Xss4m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train",
        "--out", killed.toString()));
    command.addAll(SETTINGS);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("killed.log").toFile());
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process process = builder.start();
    Path state = killed.resolve(TrainCommand.STATE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int savedStep = 0;
    while (process.isAlive() && System.nanoTime() < deadline && savedStep < 8) {
      Thread.sleep(20);
      savedStep = savedStep(state);
    }
    assertTrue(process.isAlive(), "the process should still be training when it is killed; log: "
        + Files.readString(tmp.resolve("killed.log")));
    process.destroyForcibly(); // SIGKILL on Linux
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, process.exitValue(), "killed by SIGKILL");
    int resumedFrom = savedStep(state);
    assertTrue(resumedFrom >= 8 && resumedFrom < 80, "killed mid-training, after outer step " + resumedFrom);
    assertTrue(Files.notExists(killed.resolve("checkpoint-last.l2l")), "the killed run never finished");

    inProcess(List.of("train", "--resume", killed.toString()));

    Path straight = tmp.resolve("straight");
    List<String> args = new ArrayList<>(List.of("train", "--out", straight.toString()));
    args.addAll(SETTINGS);
    inProcess(args);

    for (String f : List.of("checkpoint-last.l2l", "checkpoint.l2l")) {
      assertArrayEquals(Files.readAllBytes(straight.resolve(f)), Files.readAllBytes(killed.resolve(f)),
          f + " after kill -9 and resume (from outer step " + resumedFrom + ") differs from the uninterrupted run");
    }
    List<String> a = Files.readAllLines(straight.resolve("training-log.csv"));
    List<String> b = Files.readAllLines(killed.resolve("training-log.csv"));
    assertEquals(81, b.size(), "one row per outer step, none twice");
    for (int i = 0; i < a.size(); i++) {
      assertEquals(withoutTime(a.get(i)), withoutTime(b.get(i)), "log row " + i);
    }
  }

  private static String withoutTime(String row) {
    return row.substring(0, row.lastIndexOf(','));
  }

  /** The outer step of the saved state, or 0 while there is none (or it is being replaced). */
  private static int savedStep(Path state) {
    if (!Files.exists(state)) {
      return 0;
    }
    try {
      return Integer.parseInt(TrainingStateFile.settingsAndCounters(state).get("state.outerStep"));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  @Test
  void resumeRefusesAFolderWithoutStateAndExtraOptions() throws IOException {
    StringWriter err = new StringWriter();
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "train", "--resume", empty.toString());
    assertEquals(Main.BAD_INPUT, code);
    assertEquals("error: checkpoint " + empty.resolve(TrainCommand.STATE)
        + ": no such file (is this the run folder of an l2l train run?)", err.toString().strip());
    StringWriter err2 = new StringWriter();
    int code2 = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err2),
        "train", "--resume", empty.toString(), "--outer-steps", "5");
    assertEquals(Main.BAD_INPUT, code2);
    assertEquals("error: --resume continues a run with its own settings; give no other option", err2.toString().strip());
  }
}
