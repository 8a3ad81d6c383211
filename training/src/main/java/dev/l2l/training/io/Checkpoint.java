package dev.l2l.training.io;

import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.optimizers.learned.Preprocessing;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A trained learned optimizer on disk: its architecture, its weights, and where they came from.
 *
 * <p>File format (version 1), big-endian, documented in {@code docs/checkpoint-format.md}:
 *
 * <pre>
 *   8 bytes   magic "L2LCKPT\n"
 *   int       format version (1)
 *   int       n, then n pairs of modified-UTF-8 strings: properties (key, value) — the LSTM's
 *             architecture under "lstm.*", and anything else the writer records (task, training settings)
 *   int       number of weight tensors; for each: name (UTF), rank (int), dims (long each), values (float each)
 *   long      CRC-32 of every byte before it
 * </pre>
 *
 * Written atomically ({@link AtomicFiles}); a wrong magic, version, checksum, size or shape is refused
 * with a {@link CheckpointException} before anything is returned.
 *
 * @param properties the architecture ("lstm.*") and the provenance of the weights
 * @param weights the weights
 */
public record Checkpoint(Map<String, String> properties, LstmWeights weights) {
  public static final int VERSION = 1;
  private static final byte[] MAGIC = "L2LCKPT\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** Checkpoints larger than this are refused before being read (the default LSTM needs about 20 kB). */
  public static final long MAX_BYTES = 1L << 30;

  public Checkpoint {
    properties = new LinkedHashMap<>(properties);
  }

  /** A checkpoint of {@code weights}, with their architecture and {@code provenance} as properties. */
  public static Checkpoint of(LstmWeights weights, Map<String, String> provenance) {
    Map<String, String> p = new LinkedHashMap<>(describe(weights.config()));
    p.putAll(provenance);
    return new Checkpoint(p, weights);
  }

  /** The architecture as properties. */
  public static Map<String, String> describe(LstmConfig c) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("lstm.layers", Integer.toString(c.layers()));
    p.put("lstm.hiddenUnits", Integer.toString(c.hiddenUnits()));
    p.put("lstm.preprocessing", c.preprocessing().name());
    p.put("lstm.outputScale", Double.toString(c.outputScale()));
    p.put("lstm.secondOrder", Boolean.toString(c.secondOrder()));
    return p;
  }

  /** Writes this checkpoint to {@code path} atomically. */
  public void save(Path path) throws IOException {
    AtomicFiles.write(path, out -> out.write(toBytes()));
  }

  byte[] toBytes() throws IOException {
    var bytes = new java.io.ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(properties.size());
      for (Map.Entry<String, String> e : properties.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
      List<LstmConfig.WeightSpec> specs = weights.config().weightSpecs();
      out.writeInt(specs.size());
      for (int i = 0; i < specs.size(); i++) {
        out.writeUTF(specs.get(i).name());
        out.writeInt(specs.get(i).shape().length);
        for (long d : specs.get(i).shape()) {
          out.writeLong(d);
        }
        for (float v : weights.get(i)) {
          out.writeFloat(v);
        }
      }
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
    }
    return bytes.toByteArray();
  }

  /** Reads and checks a checkpoint; refuses anything malformed with a message naming the file. */
  public static Checkpoint load(Path path) {
    if (Files.isDirectory(path)) {
      throw new CheckpointException(path, "is a folder; give the checkpoint file (.l2l) inside it");
    }
    byte[] data;
    try {
      long size = Files.size(path);
      if (size > MAX_BYTES) {
        throw new CheckpointException(path, "is " + size + " bytes, larger than any checkpoint (" + MAX_BYTES + ")");
      }
      data = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(path, "no such file", e);
    } catch (IOException e) {
      throw new CheckpointException(path, "cannot be read (" + e.getMessage() + ")", e);
    }
    return fromBytes(data, path);
  }

  /**
   * Checks and parses the bytes of a checkpoint (e.g. a classpath resource), with the same checks as
   * {@link #load}; {@code source} names them in error messages.
   */
  public static Checkpoint fromBytes(byte[] data, Path source) {
    Path path = source;
    if (data.length < MAGIC.length + 4 + 8) {
      throw new CheckpointException(path, "is truncated (" + data.length + " bytes)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data[i] != MAGIC[i]) {
        throw new CheckpointException(path, "is not an l2l checkpoint (wrong magic bytes)");
      }
    }
    int version = ByteBuffer.wrap(data, MAGIC.length, 4).getInt();
    if (version != VERSION) {
      throw new CheckpointException(
          path, "has format version " + version + "; this build reads version " + VERSION);
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 8);
    long stored = ByteBuffer.wrap(data, data.length - 8, 8).getLong();
    if (crc.getValue() != stored) {
      throw new CheckpointException(path, "is corrupted or truncated (checksum mismatch)");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, data.length - 8))) {
      in.skipNBytes(MAGIC.length + 4);
      int n = in.readInt();
      if (n < 0 || n > 10_000) {
        throw new CheckpointException(path, "claims " + n + " properties");
      }
      Map<String, String> properties = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        properties.put(in.readUTF(), in.readUTF());
      }
      LstmConfig config = config(path, properties);
      int count = in.readInt();
      if (count != config.tensorCount()) {
        throw new CheckpointException(
            path, "holds " + count + " weight tensors; its architecture needs " + config.tensorCount());
      }
      List<LstmConfig.WeightSpec> specs = config.weightSpecs();
      List<float[]> values = new ArrayList<>();
      for (LstmConfig.WeightSpec spec : specs) {
        String name = in.readUTF();
        int rank = in.readInt();
        if (!name.equals(spec.name()) || rank != spec.shape().length) {
          throw new CheckpointException(path, "tensor " + name + " does not match the architecture (expected " + spec.name() + ")");
        }
        for (long d : spec.shape()) {
          long got = in.readLong();
          if (got != d) {
            throw new CheckpointException(path, "tensor " + name + " has a dimension " + got + ", expected " + d);
          }
        }
        checkRoom(path, "tensor " + name, spec.size(), Float.BYTES, in.available());
        float[] v = new float[spec.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = in.readFloat();
        }
        values.add(v);
      }
      if (in.available() != 0) {
        throw new CheckpointException(path, "has " + in.available() + " unexpected bytes after the weights");
      }
      return new Checkpoint(properties, new LstmWeights(config, values));
    } catch (EOFException e) {
      throw new CheckpointException(path, "ends early", e);
    } catch (IOException e) {
      throw new CheckpointException(path, "cannot be parsed (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Refuses an array that needs more bytes than are left in the file, before it is allocated: a small file
   * with a valid checksum whose properties claim a huge LSTM is refused at once instead of after gigabytes.
   */
  static void checkRoom(Path path, String array, int values, int bytesPerValue, int left) {
    long bytes = (long) values * bytesPerValue;
    if (bytes > left) {
      throw new CheckpointException(path, array + " needs " + values + " values (" + bytes + " bytes), but only "
          + left + " bytes are left in the file: it is corrupted or not what it claims to be");
    }
  }

  private static LstmConfig config(Path path, Map<String, String> p) {
    try {
      return new LstmConfig(
          Integer.parseInt(required(path, p, "lstm.layers")),
          Integer.parseInt(required(path, p, "lstm.hiddenUnits")),
          Preprocessing.valueOf(required(path, p, "lstm.preprocessing")),
          Double.parseDouble(required(path, p, "lstm.outputScale")),
          Boolean.parseBoolean(required(path, p, "lstm.secondOrder")));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(path, "has an invalid architecture: " + e.getMessage(), e);
    }
  }

  private static String required(Path path, Map<String, String> p, String key) {
    String v = p.get(key);
    if (v == null) {
      throw new CheckpointException(path, "lacks the property " + key);
    }
    return v;
  }
}
