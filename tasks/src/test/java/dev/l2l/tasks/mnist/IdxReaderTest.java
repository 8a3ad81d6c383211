package dev.l2l.tasks.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.Allocations;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path tmp;

  /** An IDX file: magic 0x0000 08 d, the sizes, then {@code payload}. */
  static byte[] idx(int magic, int[] dims, byte[] payload) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(payload);
    out.flush();
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] content) throws IOException {
    Path p = tmp.resolve(name);
    Files.write(p, content);
    return p;
  }

  private static byte[] ramp(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7);
    }
    return b;
  }

  @Test
  void readsPlainAndGzipFilesAlike() throws IOException {
    byte[] file = idx(0x0803, new int[] {3, 2, 5}, ramp(30));
    for (Path p : new Path[] {write("a", file), write("a.gz", gzip(file))}) {
      IdxReader.Idx idx = IdxReader.read(p, 3);
      assertArrayEquals(new int[] {3, 2, 5}, idx.dimensions());
      assertArrayEquals(ramp(30), idx.data());
    }
  }

  @Test
  void readsTheRealFashionMnistTestImagesByteForByte() throws IOException {
    Path file = FashionMnistFiles.dir().resolve("t10k-images-idx3-ubyte.gz");
    IdxReader.Idx idx = IdxReader.read(file, 3);
    assertArrayEquals(new int[] {10000, 28, 28}, idx.dimensions());
    byte[] raw;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      raw = in.readAllBytes();
    }
    assertEquals(16 + 10000 * 784, raw.length);
    assertArrayEquals(Arrays.copyOfRange(raw, 16, raw.length), idx.data());
  }

  @Test
  void truncatedPlainFileIsRefusedBeforeReading() throws IOException {
    byte[] file = idx(0x0803, new int[] {3, 2, 5}, ramp(29));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(write("t", file), 3));
    assertTrue(e.getMessage().contains("29 bytes after its 16-byte header"), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertEquals(tmp.resolve("t"), e.file());
  }

  @Test
  void truncatedGzipFileNamesWhereTheDataEnds() throws IOException {
    byte[] file = idx(0x0803, new int[] {3, 2, 5}, ramp(29));
    IdxFormatException e =
        assertThrows(IdxFormatException.class, () -> IdxReader.read(write("t.gz", gzip(file)), 3));
    assertTrue(e.getMessage().contains("data ends after 29 bytes"), e.getMessage());
  }

  @Test
  void gzipStreamCutInTheMiddleIsTruncatedNotAHeaderError() throws IOException {
    byte[] whole = gzip(idx(0x0803, new int[] {100, 28, 28}, ramp(78400)));
    Path p = write("cut.gz", Arrays.copyOf(whole, whole.length / 2));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p, 3));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void trailingBytesAreRefused() throws IOException {
    byte[] file = idx(0x0801, new int[] {4}, ramp(5));
    IdxFormatException e =
        assertThrows(IdxFormatException.class, () -> IdxReader.read(write("x.gz", gzip(file)), 1));
    assertTrue(e.getMessage().contains("bytes after the 4 data bytes"), e.getMessage());
    assertThrows(IdxFormatException.class, () -> IdxReader.read(write("x", file), 1));
  }

  @Test
  void wrongMagicIsRefused() throws IOException {
    IdxFormatException notIdx = assertThrows(IdxFormatException.class,
        () -> IdxReader.read(write("m1", idx(0x1f8b0803, new int[] {1, 1, 1}, ramp(1))), 3));
    assertTrue(notIdx.getMessage().contains("two zero bytes"), notIdx.getMessage());
    IdxFormatException floats = assertThrows(IdxFormatException.class,
        () -> IdxReader.read(write("m2", idx(0x0d03, new int[] {1, 1, 1}, ramp(4))), 3));
    assertTrue(floats.getMessage().contains("data type 0x0d"), floats.getMessage());
    IdxFormatException labelsAsImages = assertThrows(IdxFormatException.class,
        () -> IdxReader.read(write("m3", idx(0x0801, new int[] {1}, ramp(1))), 3));
    assertTrue(labelsAsImages.getMessage().contains("1 dimension(s), expected 3"), labelsAsImages.getMessage());
  }

  @Test
  void headerCutShortIsRefused() throws IOException {
    byte[] file = Arrays.copyOf(idx(0x0803, new int[] {3, 2, 5}, new byte[0]), 9);
    IdxFormatException e =
        assertThrows(IdxFormatException.class, () -> IdxReader.read(write("h.gz", gzip(file)), 3));
    assertTrue(e.getMessage().contains("ends inside its header"), e.getMessage());
  }

  @Test
  void zeroOrNegativeSizesAreRefused() throws IOException {
    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> IdxReader.read(write("z", idx(0x0803, new int[] {5, 0, 28}, new byte[0])), 3));
    assertTrue(e.getMessage().contains("dimension 1 has size 0"), e.getMessage());
    assertThrows(IdxFormatException.class,
        () -> IdxReader.read(write("n", idx(0x0803, new int[] {-1, 28, 28}, new byte[0])), 3));
  }

  @Test
  void hugeClaimedSizesAreRefusedWithoutAllocating() throws IOException {
    // 60000 × 60000 × 60000 bytes: far beyond any array.
    byte[] huge = idx(0x0803, new int[] {60000, 60000, 60000}, ramp(10));
    for (String name : new String[] {"huge", "huge.gz"}) {
      byte[] content = name.endsWith(".gz") ? gzip(huge) : huge;
      IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(write(name, content), 3));
      assertTrue(e.getMessage().contains("more than " + IdxReader.MAX_BYTES + " bytes"), e.getMessage());
    }
    // 2 GB claimed by a gzip file holding 10 bytes: the buffer follows the data, so this reports the
    // truncation instead of allocating 2 GB first. The test heap could hold 2 GB, so the bytes this thread
    // allocated are measured: the first chunk (1 MiB) and the stream buffers, not the claimed size.
    Path large = write("large.gz", gzip(idx(0x0803, new int[] {2_000_000_000, 1, 1}, ramp(10))));
    long before = Allocations.threadAllocatedBytes();
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(large, 3));
    long allocated = Allocations.threadAllocatedBytes() - before;
    assertTrue(e.getMessage().contains("data ends after 10 bytes"), e.getMessage());
    assertTrue(allocated < 16_000_000, "allocated " + allocated + " bytes for a header claiming 2,000,000,000");
  }

  @Test
  void notGzipDespiteTheNameIsRefused() throws IOException {
    Path p = write("plain.gz", idx(0x0801, new int[] {2}, ramp(2)));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p, 1));
    assertTrue(e.getMessage().contains("not a valid gzip file"), e.getMessage());
  }
}
