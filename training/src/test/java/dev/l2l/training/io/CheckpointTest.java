package dev.l2l.training.io;

import static dev.l2l.core.NumericAsserts.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.Allocations;
import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.optimizers.learned.Preprocessing;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.training.InnerLoop;
import dev.l2l.training.LearnedOptimizers;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path dir;

  private static final LstmConfig SMALL = LstmConfig.defaults().withHiddenUnits(5);

  private static LstmWeights weights(long seed) {
    // perturb the initial weights so that biases are not just 0 and 1
    LstmWeights w = LstmWeights.initial(SMALL, seed);
    List<float[]> all = w.all();
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed + 1);
    for (float[] a : all) {
      for (int i = 0; i < a.length; i++) {
        a[i] += (float) (0.01 * r.nextGaussian());
      }
    }
    all.get(0)[0] = Float.MIN_VALUE; // a subnormal must survive too
    all.get(0)[1] = -0.0f;
    return new LstmWeights(SMALL, all);
  }

  private Path saved(LstmWeights w) throws IOException {
    Path p = dir.resolve("optimizer.l2l");
    Checkpoint.of(w, Map.of("task", "quadratic", "seed", "3")).save(p);
    return p;
  }

  private static CheckpointException refused(Path p, String problem) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(p));
    assertTrue(e.getMessage().contains(p.toString()), "names the file: " + e.getMessage());
    assertTrue(e.getMessage().contains(problem), "says '" + problem + "': " + e.getMessage());
    return e;
  }

  /** Re-seals {@code body} (everything before the checksum) with a valid CRC-32. */
  private static byte[] seal(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array();
  }

  private static byte[] body(byte[] file) {
    return Arrays.copyOf(file, file.length - 8);
  }

  @Test
  void saveThenLoadGivesBitIdenticalWeightsAndProperties() throws IOException {
    LstmWeights w = weights(3);
    Path p = saved(w);
    Checkpoint c = Checkpoint.load(p);
    assertEquals(SMALL, c.weights().config());
    assertEquals(w.count(), c.weights().count());
    for (int i = 0; i < w.count(); i++) {
      assertBitIdentical(w.get(i), c.weights().get(i), "tensor " + i);
    }
    assertEquals("quadratic", c.properties().get("task"));
    assertEquals("3", c.properties().get("seed"));
    assertEquals("5", c.properties().get("lstm.hiddenUnits"));
    assertEquals("CLAMPED_LOG_SIGN", c.properties().get("lstm.preprocessing"));
    // exact size: header, properties, tensors, checksum
    long floats = w.parameterCount();
    assertTrue(Files.size(p) > 4 * floats + 8 + 4 + 8, "holds every weight: " + Files.size(p));
    // no temporary file left beside it
    try (var files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList());
    }
  }

  @Test
  void otherArchitecturesRoundTrip() throws IOException {
    LstmConfig c = new LstmConfig(1, 3, Preprocessing.NONE, 0.1, true);
    LstmWeights w = LstmWeights.initial(c, 9);
    Path p = dir.resolve("one-layer.l2l");
    Checkpoint.of(w, Map.of()).save(p);
    Checkpoint back = Checkpoint.load(p);
    assertEquals(c, back.weights().config());
    for (int i = 0; i < w.count(); i++) {
      assertBitIdentical(w.get(i), back.weights().get(i), "tensor " + i);
    }
  }

  @Test
  void theLoadedOptimizerGivesABitIdenticalEvaluationCurve() throws IOException {
    QuadraticFamily family = new QuadraticFamily(QuadraticConfig.defaults().withBatchSize(4));
    QuadraticBatch batch = family.sample(17);
    LstmWeights w = weights(5);
    Path p = saved(w);
    LstmWeights loaded = Checkpoint.load(p).weights();
    double[] before;
    double[] after;
    try (InnerLoop<QuadraticBatch> loop =
        new InnerLoop<>(family, LearnedOptimizers.withWeights(w), 10, SessionConfig.defaults())) {
      before = loop.run(batch, 15);
    }
    try (InnerLoop<QuadraticBatch> loop =
        new InnerLoop<>(family, LearnedOptimizers.withWeights(loaded), 10, SessionConfig.defaults())) {
      after = loop.run(batch, 15);
    }
    assertBitIdentical(before, after, "evaluation curve before and after the checkpoint");
    // and the curve really depends on the weights (so the comparison above can fail)
    try (InnerLoop<QuadraticBatch> loop =
        new InnerLoop<>(family, LearnedOptimizers.withWeights(weights(6)), 10, SessionConfig.defaults())) {
      double[] other = loop.run(batch, 15);
      assertTrue(other[15] != before[15], "other weights, other curve");
    }
  }

  @Test
  void aFlippedByteIsDetected() throws IOException {
    Path p = saved(weights(3));
    byte[] data = Files.readAllBytes(p);
    for (int at : new int[] {data.length / 2, data.length - 20, data.length - 1}) {
      byte[] copy = data.clone();
      copy[at] ^= 0x10;
      Files.write(p, copy);
      refused(p, "checksum mismatch");
    }
  }

  @Test
  void truncatedFilesAreRefused() throws IOException {
    Path p = saved(weights(3));
    byte[] data = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(data, data.length - 1));
    refused(p, "truncated");
    Files.write(p, Arrays.copyOf(data, data.length / 2));
    refused(p, "truncated");
    Files.write(p, Arrays.copyOf(data, 10));
    refused(p, "is truncated (10 bytes)");
    Files.write(p, new byte[0]);
    refused(p, "is truncated (0 bytes)");
  }

  @Test
  void aTruncatedBodyWithAValidChecksumIsRefused() throws IOException {
    Path p = saved(weights(3));
    byte[] b = body(Files.readAllBytes(p));
    Files.write(p, seal(Arrays.copyOf(b, b.length - 6)));
    refused(p, "ends early");
  }

  @Test
  void trailingBytesWithAValidChecksumAreRefused() throws IOException {
    Path p = saved(weights(3));
    byte[] b = body(Files.readAllBytes(p));
    Files.write(p, seal(Arrays.copyOf(b, b.length + 3)));
    refused(p, "3 unexpected bytes");
  }

  @Test
  void wrongMagicIsRefused() throws IOException {
    Path p = saved(weights(3));
    byte[] data = Files.readAllBytes(p);
    data[0] = 'X';
    Files.write(p, data);
    refused(p, "not an l2l checkpoint");
    Files.writeString(p, "this is a text file that happens to be long enough");
    refused(p, "wrong magic");
  }

  @Test
  void wrongVersionIsRefusedEvenWithAValidChecksum() throws IOException {
    Path p = saved(weights(3));
    byte[] b = body(Files.readAllBytes(p));
    ByteBuffer.wrap(b).putInt(8, 2);
    Files.write(p, seal(b));
    CheckpointException e = refused(p, "format version 2");
    assertTrue(e.getMessage().contains("version " + Checkpoint.VERSION), e.getMessage());
  }

  @Test
  void aMissingFileIsRefused() {
    Path p = dir.resolve("nowhere.l2l");
    refused(p, "no such file");
  }

  @Test
  void anOversizeFileIsRefusedBeforeBeingRead() throws IOException {
    Path p = dir.resolve("huge.l2l");
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(Checkpoint.MAX_BYTES + 1); // sparse: no disk space used
    }
    refused(p, "larger than any checkpoint");
  }

  @Test
  void aWrongArchitectureIsRefused() throws IOException {
    // a valid file whose properties name a 2-layer LSTM but which holds the tensors of a 1-layer one
    LstmConfig one = new LstmConfig(1, 5, Preprocessing.CLAMPED_LOG_SIGN, 0.01, false);
    Checkpoint c = new Checkpoint(Checkpoint.describe(SMALL), LstmWeights.initial(one, 1));
    Path p = dir.resolve("mismatch.l2l");
    Files.write(p, c.toBytes());
    refused(p, "holds 4 weight tensors; its architecture needs 6");

    // a missing architecture property
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write("L2LCKPT\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.writeInt(Checkpoint.VERSION);
      out.writeInt(1);
      out.writeUTF("lstm.layers");
      out.writeUTF("2");
      out.writeInt(0);
    }
    Files.write(p, seal(bytes.toByteArray()));
    refused(p, "lacks the property lstm.hiddenUnits");
  }

  @Test
  void aSmallFileClaimingAHugeLstmIsRefusedWithoutAllocatingIt() throws IOException {
    // 2 layers of 15000 units; the first tensor's header is right, its 3.6 GB of values are missing
    Path p = HostileFiles.checkpoint(dir.resolve("hostile.l2l"), 2, 15000);
    long before = Allocations.threadAllocatedBytes();
    long started = System.nanoTime();
    refused(p, "tensor lstm0/kernel needs 900120000 values (3600480000 bytes), but only 64 bytes are left in the file");
    long allocated = Allocations.threadAllocatedBytes() - before;
    double seconds = (System.nanoTime() - started) / 1e9;
    assertTrue(allocated < 10_000_000, "allocated " + allocated + " bytes for a " + Files.size(p) + "-byte file");
    assertTrue(seconds < 2, "refused at once, not after reading: " + seconds + " s");

    // two billion layers: refused on the tensor count, without building four billion tensor shapes first
    HostileFiles.checkpoint(p, 2_000_000_000, 20);
    before = Allocations.threadAllocatedBytes();
    refused(p, "holds 6 weight tensors; its architecture needs 4000000002");
    allocated = Allocations.threadAllocatedBytes() - before;
    assertTrue(allocated < 10_000_000, "allocated " + allocated + " bytes");
  }

  @Test
  void anArchitectureWhoseTensorsCannotExistIsRefused() throws IOException {
    // 100,000 units: a kernel of 8·10^10 values, beyond any Java array (was an ArithmeticException)
    Path p = HostileFiles.checkpoint(dir.resolve("impossible.l2l"), 2, 100_000);
    refused(p, "has an invalid architecture: hiddenUnits must be from 1 to " + LstmConfig.MAX_HIDDEN_UNITS
        + " (a larger layer's kernel does not fit a Java array), got 100000");
  }

  @Test
  void savingOverAnExistingCheckpointReplacesIt() throws IOException {
    Path p = saved(weights(3));
    LstmWeights second = weights(4);
    Checkpoint.of(second, Map.of()).save(p);
    Checkpoint back = Checkpoint.load(p);
    assertBitIdentical(second.get(2), back.weights().get(2), "replaced tensor");
  }
}
