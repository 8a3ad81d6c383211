package dev.l2l.tasks.mnist;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads unsigned-byte IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed
 * (a name ending in {@code .gz}). The header is
 *
 * <pre>
 *   0x00 0x00 0x08 d      magic: two zero bytes, type 0x08 (unsigned byte), d dimensions
 *   d × int32 big-endian  the size of each dimension
 *   Π sizes bytes         the data, row-major
 * </pre>
 *
 * Everything is checked: the magic, the number of dimensions the caller expects, positive sizes, a total
 * below {@value #MAX_BYTES} bytes, and a payload of exactly the claimed length (no missing or trailing
 * bytes). The data buffer grows only as bytes actually arrive, so a header claiming a huge size never
 * makes the reader allocate it.
 */
public final class IdxReader {
  /** The largest payload this reader accepts (a Java array's limit, about 2 GiB). */
  public static final long MAX_BYTES = Integer.MAX_VALUE - 8;
  private static final int UNSIGNED_BYTE = 0x08;
  private static final int FIRST_CHUNK = 1 << 20;

  private IdxReader() {}

  /**
   * An IDX file's content.
   *
   * @param dimensions the size of each dimension, e.g. {@code [60000, 28, 28]}
   * @param data the unsigned bytes, row-major (read with {@code b & 0xff})
   */
  public record Idx(int[] dimensions, byte[] data) {}

  /**
   * Reads {@code file}, which must hold unsigned bytes in {@code expectedDimensions} dimensions.
   *
   * @throws IdxFormatException naming the file and what is wrong with it
   */
  public static Idx read(Path file, int expectedDimensions) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IdxFormatException(file, "no such file");
    }
    boolean gzip = file.getFileName().toString().endsWith(".gz");
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = new BufferedInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16)) {
      DataInputStream data = new DataInputStream(in);
      int[] dims = header(file, data, expectedDimensions);
      long bytes = 1;
      for (int d : dims) {
        bytes *= d;
        if (bytes > MAX_BYTES) {
          throw new IdxFormatException(file, "the header claims dimensions " + Arrays.toString(dims)
              + ", more than " + MAX_BYTES + " bytes of data: not an MNIST-like file");
        }
      }
      long headerBytes = 4 + 4L * dims.length;
      if (!gzip && Files.size(file) != headerBytes + bytes) {
        throw new IdxFormatException(file, String.format(
            "the header claims dimensions %s (%d data bytes), but the file has %d bytes after its %d-byte header%s",
            Arrays.toString(dims), bytes, Files.size(file) - headerBytes, headerBytes,
            Files.size(file) < headerBytes + bytes ? " (truncated?)" : ""));
      }
      byte[] payload = payload(file, in, (int) bytes, dims);
      return new Idx(dims, payload);
    } catch (java.util.zip.ZipException e) {
      throw new IdxFormatException(file, "not a valid gzip file (" + e.getMessage() + ")");
    } catch (EOFException e) {
      throw new IdxFormatException(file, "ends inside its header (truncated?)");
    }
  }

  private static int[] header(Path file, DataInputStream in, int expectedDimensions) throws IOException {
    int magic = in.readInt();
    int zeros = magic >>> 16;
    int type = (magic >>> 8) & 0xff;
    int count = magic & 0xff;
    if (zeros != 0) {
      throw new IdxFormatException(file, String.format(
          "wrong magic number 0x%08x: an IDX file starts with two zero bytes (is it an IDX file?)", magic));
    }
    if (type != UNSIGNED_BYTE) {
      throw new IdxFormatException(file, String.format(
          "wrong magic number 0x%08x: data type 0x%02x, expected 0x08 (unsigned byte)", magic, type));
    }
    if (count != expectedDimensions) {
      throw new IdxFormatException(file, String.format(
          "wrong magic number 0x%08x: %d dimension(s), expected %d", magic, count, expectedDimensions));
    }
    int[] dims = new int[count];
    for (int i = 0; i < count; i++) {
      dims[i] = in.readInt();
      if (dims[i] <= 0) {
        throw new IdxFormatException(file, "dimension " + i + " has size " + dims[i] + ", expected a positive size");
      }
    }
    return dims;
  }

  private static byte[] payload(Path file, InputStream in, int bytes, int[] dims) throws IOException {
    byte[] buffer = new byte[Math.min(bytes, FIRST_CHUNK)];
    int filled = 0;
    while (filled < bytes) {
      if (filled == buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(bytes, 2L * buffer.length));
      }
      int n;
      try {
        n = in.read(buffer, filled, buffer.length - filled);
      } catch (EOFException e) {
        n = -1;
      }
      if (n < 0) {
        throw new IdxFormatException(file, String.format(
            "truncated: the header claims dimensions %s (%d data bytes), but the data ends after %d bytes",
            Arrays.toString(dims), bytes, filled));
      }
      filled += n;
    }
    if (in.read() >= 0) {
      throw new IdxFormatException(file, String.format(
          "has bytes after the %d data bytes its header claims (dimensions %s)", bytes, Arrays.toString(dims)));
    }
    return buffer;
  }
}
