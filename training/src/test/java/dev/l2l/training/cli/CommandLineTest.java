package dev.l2l.training.cli;

import static dev.l2l.core.NumericAsserts.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.optimizers.learned.FusedLstmCell;
import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.training.ReproductionConfig;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.training.MetaTrainer;
import dev.l2l.training.MetaTrainingConfig;
import dev.l2l.training.io.Checkpoint;
import dev.l2l.training.io.HostileFiles;
import dev.l2l.training.io.TrainingStateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line run in-process: results written, bad input refused with a message and exit code 2. */
class CommandLineTest {
  @TempDir Path tmp;

  private static CliRun run(String... args) {
    return CliRun.of(args);
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
    CliRun train = run(with(new String[] {"train", "--out", trainDir.toString()}, TINY));
    assertEquals(0, train.code(), train.err());
    for (String f : List.of("config.txt", "training-log.csv", "checkpoint.l2l", "checkpoint-last.l2l")) {
      assertTrue(Files.size(trainDir.resolve(f)) > 0, f);
    }
    List<String> log = Files.readAllLines(trainDir.resolve("training-log.csv"));
    assertEquals(1 + 3, log.size(), "header and one row per outer step");
    assertTrue(train.out().contains(trainDir.toAbsolutePath().toString()), "prints where the results went");

    Path evalDir = tmp.resolve("eval");
    CliRun eval = run("evaluate", "--checkpoint", trainDir.resolve("checkpoint.l2l").toString(), "--out", evalDir.toString(),
        "--batch-size", "4", "--steps", "12", "--eval-batches", "1");
    assertEquals(0, eval.code(), eval.err());
    assertTrue(eval.out().contains("| LSTM |"), eval.out());
    List<String> csv = Files.readAllLines(evalDir.resolve("curves.csv"));
    assertEquals("step,LSTM_mean,LSTM_std", csv.get(0));
    assertEquals(1 + 13, csv.size(), "steps 0..12");
    assertTrue(Files.size(evalDir.resolve("figure.png")) > 1000);
  }

  /**
   * Runs {@code args} (with {@code --out} added when {@code out} is not null), expects exit code 2 with
   * {@code message} as the first line on stderr (exactly, as in docs/robustness.md), and no run folder.
   */
  private CliRun refused(String message, Path out, String... args) {
    CliRun r = out == null ? run(args) : run(with(args, "--out", out.toString()));
    String what = String.join(" ", args);
    assertEquals(Main.BAD_INPUT, r.code(), what + ": " + r.err());
    assertEquals(message, r.err().lines().findFirst().orElse(""), what);
    if (out != null) {
      assertFalse(Files.exists(out), what + ": nothing is created for bad input");
    }
    return r;
  }

  @Test
  void badOptionValuesAreRefusedWithTheirMessage() {
    Path never = tmp.resolve("never");
    String[][] cases = {
      {"error: --batch-size must be a positive whole number, got 0", "train", "--batch-size", "0"},
      {"error: --outer-steps must be a positive whole number, got -5", "train", "--outer-steps", "-5"},
      {"error: --meta-lr must be a positive finite number, got NaN", "train", "--meta-lr", "NaN"},
      {"error: --clip-norm must be 0 (off) or a positive number, got -1.0", "train", "--clip-norm", "-1"},
      {"error: --validate-every must be a positive whole number, got 0", "train", "--validate-every", "0"},
      {"error: --output-scale must be a positive finite number, got 0.0", "train", "--output-scale", "0"},
      {"error: --hidden must be a whole number from 1 to 16383, got 100000", "train", "--hidden", "100000"},
      {"error: --seeds: train runs one seed; use reproduce quadratic --seeds N for several", "train", "--seeds", "2"},
      {"error: --eval-batches must be a positive whole number, got 0",
          "evaluate", "--checkpoint", "x.l2l", "--eval-batches", "0"},
      {"error: --steps must be a positive whole number, got 0", "baselines", "--steps", "0"},
      {"error: --dimension must be a positive whole number, got 0", "baselines", "--dimension", "0"},
      {"error: --threads must be a positive whole number, got 0", "baselines", "--threads", "0"},
      {"error: --seeds must be a positive whole number, got 0", "reproduce", "quadratic", "--seeds", "0"},
      {"Invalid value for option '--batch-size': 'many' is not an int", "train", "--batch-size", "many"},
      {"Invalid value for option '--preprocessing': expected one of [NONE, LOG_SIGN, CLAMPED_LOG_SIGN] "
          + "(case-sensitive) but was 'LOGSIGN'", "train", "--preprocessing", "LOGSIGN"},
      {"Unknown options: '--batchsize', '4'", "train", "--batchsize", "4"},
      {"Missing required option: '--checkpoint=FILE'", "evaluate"},
      {"error: --inter-op-threads must be a positive whole number, got 0", "train", "--inter-op-threads", "0"},
      {"Invalid value for option '--device': expected one of auto, cpu, gpu, got 'tpu'", "train", "--device", "tpu"},
    };
    for (String[] c : cases) {
      refused(c[0], never, Arrays.copyOfRange(c, 1, c.length));
    }
    assertTrue(run("train", "--batchsize", "4").err().contains("Possible solutions: --batch-size"));
    String property = System.getProperty(FusedLstmCell.PROPERTY);
    System.setProperty(FusedLstmCell.PROPERTY, "avx3");
    try {
      refused("error: the system property l2l.fusedLstmCell must be auto, avx2, avx512 or off, got 'avx3'", never,
          "reproduce", "quadratic", "--smoke");
    } finally {
      if (property == null) {
        System.clearProperty(FusedLstmCell.PROPERTY);
      } else {
        System.setProperty(FusedLstmCell.PROPERTY, property);
      }
    }
    refused("name the experiment to reproduce: quadratic or mnist", null, "reproduce");
    refused("unknown experiment 'foo'; choose quadratic or mnist", null, "reproduce", "foo");
  }

  /** Sizes whose W (batch × dimension² floats) would not fit: refused before any run folder is made. */
  @Test
  void sizesTooLargeForMemoryAreRefusedBeforeTheRunFolderIsMade() {
    Path never = tmp.resolve("never");
    // 30,000,000 × 100 overflowed an int (NegativeArraySizeException); 2^31 − 1 gave TensorFlow's
    // "Value is out of int32 range"; both left config.txt and training-log.csv behind
    refused("error: --batch-size 30000000 and --dimension 10 give 30000000 × 10² = 3000000000 matrix entries "
        + "(batch size × dimension²); at most 268435456 (2^28, 1 GiB of float32) are allowed: lower --batch-size "
        + "or --dimension", never, "train", "--batch-size", "30000000");
    refused("error: --batch-size 2147483647 and --dimension 10 give 2147483647 × 10² = 214748364700 matrix entries "
        + "(batch size × dimension²); at most 268435456 (2^28, 1 GiB of float32) are allowed: lower --batch-size "
        + "or --dimension", never, "train", "--batch-size", "2147483647");
    refused("error: --batch-size 128 and --dimension 20000 give 128 × 20000² = 51200000000 matrix entries "
        + "(batch size × dimension²); at most 268435456 (2^28, 1 GiB of float32) are allowed: lower --batch-size "
        + "or --dimension", never, "baselines", "--dimension", "20000");
  }

  @Test
  void benchRefusesBadSettingsWithTheirMessage() {
    refused("error: --reps must be a positive whole number, got 0", null, "bench", "--reps", "0");
    refused("error: --warmup must be 0 or more, got -1", null, "bench", "--warmup", "-1");
    refused("error: --batch-sizes must be a positive whole number, got 0", null, "bench", "--batch-sizes", "16,0");
    refused("error: --cases: unknown case 'foo'; choose from eval, meta, build, mnist", null,
        "bench", "--cases", "eval,foo");
    refused("error: --lstm-cell: unknown kernel 'fast'; choose auto, fused or ops", null, "bench", "--lstm-cell", "fast");
  }

  @Test
  void anOutputFolderThatCannotBeCreatedIsRefused() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    refused("error: --out " + file.resolve("sub") + " cannot be created: " + file.toAbsolutePath() + " is not a folder",
        null, "train", "--out", file.resolve("sub").toString());
  }

  @Test
  void aFolderHoldingFilesIsNeverWrittenInto() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("old"));
    Path old = Files.writeString(dir.resolve("summary.md"), "an earlier result");
    refused("error: --out " + dir + " already holds files; choose a new folder so no earlier result is overwritten",
        null, with(new String[] {"train", "--out", dir.toString()}, TINY));
    assertEquals("an earlier result", Files.readString(old));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void missingUnreadableOrCorruptCheckpointsAreRefusedNamingTheFile() throws IOException {
    Path out = tmp.resolve("out");
    Path missing = tmp.resolve("nope.l2l");
    refused("error: checkpoint " + missing + ": no such file", out, "evaluate", "--checkpoint", missing.toString());

    Path seven = Files.writeString(tmp.resolve("seven.l2l"), "L2LCKPT");
    refused("error: checkpoint " + seven + ": is truncated (7 bytes)", out, "evaluate", "--checkpoint", seven.toString());
    Path garbage = Files.writeString(tmp.resolve("garbage.l2l"), "this is not a checkpoint");
    refused("error: checkpoint " + garbage + ": is not an l2l checkpoint (wrong magic bytes)", out,
        "evaluate", "--checkpoint", garbage.toString());

    Path folder = Files.createDirectories(tmp.resolve("a-folder"));
    refused("error: checkpoint " + folder + ": is a folder; give the checkpoint file (.l2l) inside it", out,
        "evaluate", "--checkpoint", folder.toString());
    Path belowAFile = seven.resolve("x.l2l"); // a path that cannot be opened, even by root
    refused("error: checkpoint " + belowAFile + ": cannot be read (" + belowAFile + ": Not a directory)", out,
        "evaluate", "--checkpoint", belowAFile.toString());
    refused("error: checkpoint " + belowAFile + ": cannot be read (" + belowAFile + ": Not a directory)", out,
        "train", "--from", belowAFile.toString());
  }

  /**
   * A small checkpoint with a valid checksum whose properties claim 15000 hidden units: refused at once with
   * exit code 2 (it was read for 19 s into a 3.6 GB array before "ends early"; with 100000 units an
   * ArithmeticException's stack trace and exit code 1).
   */
  @Test
  void aCheckpointClaimingAHugeLstmIsRefusedAtOnce() throws IOException {
    Path out = tmp.resolve("o");
    Path hostile = HostileFiles.checkpoint(tmp.resolve("hostile.l2l"), 2, 15000);
    refused("error: checkpoint " + hostile + ": tensor lstm0/kernel needs 900120000 values (3600480000 bytes), but only "
        + "64 bytes are left in the file: it is corrupted or not what it claims to be", out,
        "evaluate", "--checkpoint", hostile.toString());
    Path impossible = HostileFiles.checkpoint(tmp.resolve("impossible.l2l"), 2, 100_000);
    refused("error: checkpoint " + impossible + ": has an invalid architecture: hiddenUnits must be from 1 to 16383 "
        + "(a larger layer's kernel does not fit a Java array), got 100000", out,
        "train", "--from", impossible.toString());
  }

  @Test
  void trainFromACheckpointRefusesAConflictingArchitecture() throws IOException {
    Path ckpt = tmp.resolve("twenty.l2l");
    Checkpoint.of(LstmWeights.initial(LstmConfig.defaults(), 1), Map.of()).save(ckpt);
    Path out = tmp.resolve("from");
    String[][] conflicts = {
      {"--hidden", "7", "20 hidden units"},
      {"--layers", "1", "2 layers"},
      {"--preprocessing", "NONE", "preprocessing CLAMPED_LOG_SIGN"},
      {"--output-scale", "0.1", "output scale 0.01"},
    };
    for (String[] c : conflicts) {
      refused("error: " + c[0] + " " + c[1] + " conflicts with --from " + ckpt + ", whose LSTM has " + c[2]
          + ": training continues that LSTM, so drop " + c[0] + " (or leave out --from to train a new one)", out,
          "train", "--from", ckpt.toString(), c[0], c[1]);
    }
    // the checkpoint's own values are no conflict
    CliRun same = run(with(new String[] {"train", "--from", ckpt.toString(), "--hidden", "20", "--layers", "2",
        "--output-scale", "0.01", "--out", out.toString()}, TINY));
    assertEquals(0, same.code(), same.err());
    assertTrue(Files.readString(out.resolve("config.txt")).contains("lstm.hiddenUnits = 20"));
  }

  /** Bad input found while starting up (after the options were checked) leaves no run folder behind. */
  @Test
  void aRunThatFailsWhileStartingUpLeavesNoRunFolder() throws IOException {
    List<float[]> w = LstmWeights.initial(LstmConfig.defaults(), 1).all();
    w.get(0)[3] = Float.NaN;
    Path nan = tmp.resolve("nan.l2l");
    Checkpoint.of(new LstmWeights(LstmConfig.defaults(), w), Map.of()).save(nan);
    refused("error: the initial LSTM weights hold a NaN or infinite value; meta-training cannot start from them "
        + "(start from a checkpoint written by a run that did not diverge, or from fresh weights)",
        tmp.resolve("nan-run"), with(new String[] {"train", "--from", nan.toString()}, TINY));
  }

  /** A saved state whose settings claim 15000 hidden units: --resume refuses it before allocating 10 GB. */
  @Test
  void resumeRefusesAStateClaimingAHugeLstm() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("run"));
    ReproductionConfig huge = ReproductionConfig.defaults().withTraining(
        MetaTrainingConfig.defaults().withLstm(LstmConfig.defaults().withHiddenUnits(15000)));
    Path state = HostileFiles.trainingState(dir.resolve(TrainCommand.STATE), huge.properties(), huge.training().lstm());
    refused("error: checkpoint " + state + ": array weights/0 needs 900120000 values (3600480000 bytes), but only 64 "
        + "bytes are left in the file: it is corrupted or not what it claims to be", null,
        "train", "--resume", dir.toString());
  }

  /**
   * A meta learning rate of 10⁴ drives {@code l2l train} into divergence: exit code 3, the last good weights
   * in checkpoint-diverged.l2l, and checkpoint.l2l (rewritten at every validation) holding exactly the best
   * validated weights, never non-finite ones.
   */
  @Test
  void aDivergedRunExitsWith3AndKeepsOnlyGoodWeightsOnDisk() throws IOException {
    Path dir = tmp.resolve("diverged");
    CliRun r = run("train", "--batch-size", "4", "--steps", "10", "--eval-batches", "1", "--outer-steps", "60",
        "--unroll", "5", "--unrolls", "2", "--validate-every", "1", "--validation-batches", "1",
        "--output-scale", "1", "--meta-lr", "1e4", "--out", dir.toString());
    assertEquals(Main.DIVERGED, r.code(), r.err());
    assertTrue(r.err().startsWith("error: meta-training diverged at outer step "), r.err());
    assertTrue(r.err().contains("Lower the meta learning rate (now 10000.0) or turn on meta-gradient clipping "
        + "(--clip-norm)."), r.err());
    assertTrue(r.out().contains("checkpoint-diverged.l2l"), "listed: " + r.out());

    Checkpoint diverged = Checkpoint.load(dir.resolve("checkpoint-diverged.l2l"));
    Checkpoint best = Checkpoint.load(dir.resolve("checkpoint.l2l"));
    assertTrue(diverged.weights().isFinite() && best.weights().isFinite());
    for (int i = 0; i < best.weights().count(); i++) {
      assertBitIdentical(best.weights().get(i), diverged.weights().get(i), "tensor " + i);
    }
    TrainingStateFile.Saved state = TrainingStateFile.load(dir.resolve(TrainCommand.STATE), best.weights().config());
    for (int i = 0; i < best.weights().count(); i++) {
      assertBitIdentical(state.state().best().get(i), best.weights().get(i), "saved state's best, tensor " + i);
    }

    // the log: the best validation loss is finite on every row and never rises; the last one (6 digits) is
    // the loss of the weights on disk, recomputed here from the run's own settings
    List<String> rows = Files.readAllLines(dir.resolve("training-log.csv"));
    int column = Arrays.asList(rows.get(0).split(",")).indexOf("best_validation_loss");
    double previous = Double.POSITIVE_INFINITY;
    for (String row : rows.subList(1, rows.size())) {
      double b = Double.parseDouble(row.split(",", -1)[column]);
      assertTrue(Double.isFinite(b) && b <= previous, row);
      previous = b;
    }
    ReproductionConfig config = ReproductionConfig.fromProperties(state.settings());
    try (MetaTrainer<QuadraticBatch> trainer =
        new MetaTrainer<>(new QuadraticFamily(config.task()), config.training(), config.session())) {
      assertEquals(state.state().bestValidationLoss(), trainer.validationLoss(best.weights().all()), 0,
          "the weights of the best validation");
    }
    assertEquals(previous, state.state().bestValidationLoss(), 1e-5 * previous);
  }
}
