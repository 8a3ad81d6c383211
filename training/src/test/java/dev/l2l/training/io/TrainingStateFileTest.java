package dev.l2l.training.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.Allocations;
import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.training.TrainingState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingStateFileTest {
  @TempDir Path dir;

  private static final LstmConfig LSTM = LstmConfig.defaults().withHiddenUnits(3);

  private static TrainingState state() {
    List<float[]> w = LstmWeights.initial(LSTM, 5).all();
    List<float[]> best = LstmWeights.initial(LSTM, 6).all();
    List<double[]> m = new ArrayList<>();
    List<double[]> v = new ArrayList<>();
    for (float[] a : w) {
      double[] x = new double[a.length];
      double[] y = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        x[i] = Math.sin(i + 0.1) * 1e-3;
        y[i] = Math.PI * 1e-7 * (i + 1);
      }
      m.add(x);
      v.add(y);
    }
    return new TrainingState(37, w, 151, m, v, best, 0.1234567890123, 30, 4, 1, 12.5, new double[] {3.25, 1e-7, Math.PI});
  }

  @Test
  void saveThenLoadGivesTheSameStateAndSettings() throws IOException {
    Path p = dir.resolve("s.l2l");
    TrainingState s = state();
    TrainingStateFile.save(p, Map.of("task.dimension", "10"), s);
    TrainingStateFile.Saved loaded = TrainingStateFile.load(p, LSTM);
    assertEquals(Map.of("task.dimension", "10"), loaded.settings());
    TrainingState t = loaded.state();
    assertEquals(37, t.outerStep());
    assertEquals(151, t.adamStep());
    assertEquals(0.1234567890123, t.bestValidationLoss(), 0);
    assertEquals(30, t.bestOuterStep());
    assertEquals(4, t.skippedUnrolls());
    assertEquals(1, t.rollbacks());
    assertEquals(12.5, t.elapsedSeconds(), 0);
    assertArrayEquals(new double[] {3.25, 1e-7, Math.PI}, t.recentGradientNorms(), 0);
    for (int i = 0; i < s.weights().size(); i++) {
      assertArrayEquals(s.weights().get(i), t.weights().get(i));
      assertArrayEquals(s.best().get(i), t.best().get(i));
      assertArrayEquals(s.adamFirstMoments().get(i), t.adamFirstMoments().get(i));
      assertArrayEquals(s.adamSecondMoments().get(i), t.adamSecondMoments().get(i));
    }
  }

  /** A state written before the gradient norms were saved (no such property) loads with none remembered. */
  @Test
  void aStateWithoutGradientNormsLoadsWithNone() throws IOException {
    Path p = dir.resolve("old.l2l");
    TrainingStateFile.save(p, Map.of("task.dimension", "10"), state());
    byte[] file = Files.readAllBytes(p);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, 0, file.length - 8));
        DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(in.readNBytes(12)); // magic and version
      int n = in.readInt();
      out.writeInt(n - 1);
      for (int i = 0; i < n; i++) {
        String key = in.readUTF();
        String value = in.readUTF();
        if (!key.equals("state.recentGradientNorms")) {
          out.writeUTF(key);
          out.writeUTF(value);
        }
      }
      out.write(in.readAllBytes());
    }
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    Files.write(p, ByteBuffer.allocate(bytes.size() + 8).put(bytes.toByteArray()).putLong(crc.getValue()).array());
    TrainingState t = TrainingStateFile.load(p, LSTM).state();
    assertEquals(0, t.recentGradientNorms().length);
    assertEquals(37, t.outerStep());
    assertEquals(Map.of("task.dimension", "10"), TrainingStateFile.settings(p));
  }

  @Test
  void corruptTruncatedOrMismatchedStatesAreRefusedNamingTheFile() throws IOException {
    Path good = dir.resolve("good.l2l");
    TrainingStateFile.save(good, Map.of(), state());
    byte[] bytes = Files.readAllBytes(good);

    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 0x10;
    assertRefused(Files.write(dir.resolve("flipped.l2l"), flipped), LSTM, "checksum");
    assertRefused(Files.write(dir.resolve("short.l2l"), Arrays.copyOf(bytes, bytes.length - 9)), LSTM, "checksum");
    assertRefused(Files.write(dir.resolve("tiny.l2l"), Arrays.copyOf(bytes, 5)), LSTM, "truncated");
    byte[] magic = bytes.clone();
    magic[0] = 'X';
    assertRefused(Files.write(dir.resolve("magic.l2l"), magic), LSTM, "magic");
    assertRefused(dir.resolve("missing.l2l"), LSTM, "no such file");
    assertRefused(good, LSTM.withHiddenUnits(4), "does not fit");
  }

  /**
   * A state file with a valid checksum, written for the LSTM its settings claim (15000 hidden units) but
   * holding only the header of its first array: loading it must be refused before the 3.6 GB that array
   * claims is allocated.
   */
  @Test
  void aSmallStateClaimingAHugeLstmIsRefusedWithoutAllocatingIt() throws IOException {
    LstmConfig huge = LSTM.withHiddenUnits(15000);
    Path p = HostileFiles.trainingState(dir.resolve("hostile.l2l"), Map.of("lstm.hiddenUnits", "15000"), huge);
    long before = Allocations.threadAllocatedBytes();
    assertRefused(p, huge, "array weights/0 needs 900120000 values (3600480000 bytes), but only 64 bytes are left");
    long allocated = Allocations.threadAllocatedBytes() - before;
    assertTrue(allocated < 10_000_000, "allocated " + allocated + " bytes for a " + Files.size(p) + "-byte file");
  }

  private static void assertRefused(Path p, LstmConfig lstm, String problem) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> TrainingStateFile.load(p, lstm));
    assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains(problem), e.getMessage());
  }
}
