package dev.l2l.training.io;

import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.training.TrainingState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.zip.CRC32;

/**
 * The state of an unfinished meta-training run on disk ({@code training-state.l2l} in a run folder), from
 * which {@code l2l train --resume} continues exactly. Format (version 1), big-endian:
 *
 * <pre>
 *   8 bytes  magic "L2LSTATE"
 *   int      format version (1)
 *   int      n, then n (key, value) UTF strings: the run's settings (as in config.txt) and the counters
 *            (state.outerStep, state.adamStep, state.bestValidationLoss, state.bestOuterStep,
 *            state.skippedUnrolls, state.rollbacks, state.elapsedSeconds, and state.recentGradientNorms:
 *            the norms of the last applied meta-gradients, space-separated; absent in older files = none)
 *   int      4 × T arrays, T = weight tensors, in the order weights, best, Adam m, Adam v; each:
 *            name (UTF), length (int), values (float for weights, double for moments)
 *   long     CRC-32 of every byte before it
 * </pre>
 *
 * Written atomically; {@link #load} refuses a wrong magic, version, checksum or size with a
 * {@link CheckpointException} naming the file.
 */
public final class TrainingStateFile {
  public static final int VERSION = 1;
  private static final byte[] MAGIC = "L2LSTATE".getBytes(StandardCharsets.US_ASCII);
  private static final String[] PARTS = {"weights", "best", "adam.m", "adam.v"};

  private TrainingStateFile() {}

  /** A saved state with the settings of the run it belongs to. */
  public record Saved(Map<String, String> settings, TrainingState state) {}

  /** Writes {@code state} and the run's {@code settings} to {@code path} atomically. */
  public static void save(Path path, Map<String, String> settings, TrainingState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeInt(VERSION);
      Map<String, String> p = new LinkedHashMap<>(settings);
      p.put("state.outerStep", Integer.toString(state.outerStep()));
      p.put("state.adamStep", Long.toString(state.adamStep()));
      p.put("state.bestValidationLoss", Double.toString(state.bestValidationLoss()));
      p.put("state.bestOuterStep", Integer.toString(state.bestOuterStep()));
      p.put("state.skippedUnrolls", Long.toString(state.skippedUnrolls()));
      p.put("state.rollbacks", Integer.toString(state.rollbacks()));
      p.put("state.elapsedSeconds", Double.toString(state.elapsedSeconds()));
      StringJoiner norms = new StringJoiner(" ");
      for (double n : state.recentGradientNorms()) {
        norms.add(Double.toString(n));
      }
      p.put("state.recentGradientNorms", norms.toString());
      out.writeInt(p.size());
      for (Map.Entry<String, String> e : p.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
      int t = state.weights().size();
      out.writeInt(4 * t);
      for (int part = 0; part < 4; part++) {
        for (int i = 0; i < t; i++) {
          out.writeUTF(PARTS[part] + "/" + i);
          if (part < 2) {
            float[] a = (part == 0 ? state.weights() : state.best()).get(i);
            out.writeInt(a.length);
            for (float x : a) {
              out.writeFloat(x);
            }
          } else {
            double[] a = (part == 2 ? state.adamFirstMoments() : state.adamSecondMoments()).get(i);
            out.writeInt(a.length);
            for (double x : a) {
              out.writeDouble(x);
            }
          }
        }
      }
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
    }
    byte[] data = bytes.toByteArray();
    AtomicFiles.write(path, o -> o.write(data));
  }

  /** The run settings stored in a state file (checked: magic, version, checksum), without its arrays. */
  public static Map<String, String> settings(Path path) {
    Map<String, String> p = settingsAndCounters(path);
    p.keySet().removeIf(k -> k.startsWith("state."));
    return p;
  }

  /** The stored properties: the run settings and the {@code state.*} counters. */
  public static Map<String, String> settingsAndCounters(Path path) {
    byte[] data = checkedBytes(path);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, data.length - 8))) {
      in.skipNBytes(MAGIC.length + 4);
      return readProperties(path, in);
    } catch (IOException e) {
      throw new CheckpointException(path, "cannot be parsed (" + e.getMessage() + ")", e);
    }
  }

  private static Map<String, String> readProperties(Path path, DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 10_000) {
      throw new CheckpointException(path, "claims " + n + " properties");
    }
    Map<String, String> p = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      p.put(in.readUTF(), in.readUTF());
    }
    return p;
  }

  /** Reads and checks a saved state; the weight shapes must fit {@code lstm}. */
  public static Saved load(Path path, LstmConfig lstm) {
    byte[] data = checkedBytes(path);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, data.length - 8))) {
      in.skipNBytes(MAGIC.length + 4);
      Map<String, String> p = readProperties(path, in);
      int count = in.readInt();
      if (count != 4 * lstm.tensorCount()) {
        throw new CheckpointException(path, "holds " + count + " arrays; the run's LSTM needs " + 4 * lstm.tensorCount());
      }
      List<LstmConfig.WeightSpec> specs = lstm.weightSpecs();
      int t = specs.size();
      List<List<float[]>> floats = List.of(new ArrayList<>(), new ArrayList<>());
      List<List<double[]>> doubles = List.of(new ArrayList<>(), new ArrayList<>());
      for (int part = 0; part < 4; part++) {
        for (int i = 0; i < t; i++) {
          String name = in.readUTF();
          int length = in.readInt();
          if (!name.equals(PARTS[part] + "/" + i) || length != specs.get(i).size()) {
            throw new CheckpointException(path, "array " + name + " (" + length + " values) does not fit the run's LSTM");
          }
          Checkpoint.checkRoom(path, "array " + name, length, part < 2 ? Float.BYTES : Double.BYTES, in.available());
          if (part < 2) {
            float[] a = new float[length];
            for (int j = 0; j < length; j++) {
              a[j] = in.readFloat();
            }
            floats.get(part).add(a);
          } else {
            double[] a = new double[length];
            for (int j = 0; j < length; j++) {
              a[j] = in.readDouble();
            }
            doubles.get(part - 2).add(a);
          }
        }
      }
      if (in.available() != 0) {
        throw new CheckpointException(path, "has unexpected bytes after the arrays");
      }
      TrainingState state =
          new TrainingState(
              Integer.parseInt(required(path, p, "state.outerStep")), floats.get(0),
              Long.parseLong(required(path, p, "state.adamStep")), doubles.get(0), doubles.get(1), floats.get(1),
              Double.parseDouble(required(path, p, "state.bestValidationLoss")),
              Integer.parseInt(required(path, p, "state.bestOuterStep")),
              Long.parseLong(required(path, p, "state.skippedUnrolls")),
              Integer.parseInt(required(path, p, "state.rollbacks")),
              Double.parseDouble(required(path, p, "state.elapsedSeconds")),
              norms(p.getOrDefault("state.recentGradientNorms", "")));
      Map<String, String> settings = new LinkedHashMap<>(p);
      settings.keySet().removeIf(k -> k.startsWith("state."));
      return new Saved(settings, state);
    } catch (EOFException e) {
      throw new CheckpointException(path, "ends early", e);
    } catch (IOException e) {
      throw new CheckpointException(path, "cannot be parsed (" + e.getMessage() + ")", e);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(path, "holds an invalid value (" + e.getMessage() + ")", e);
    }
  }

  private static byte[] checkedBytes(Path path) {
    byte[] data;
    try {
      long size = Files.size(path);
      if (size > Checkpoint.MAX_BYTES) {
        throw new CheckpointException(path, "is " + size + " bytes, larger than any training state");
      }
      data = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(path, "no such file (is this the run folder of an l2l train run?)", e);
    } catch (IOException e) {
      throw new CheckpointException(path, "cannot be read (" + e.getMessage() + ")", e);
    }
    if (data.length < MAGIC.length + 4 + 8) {
      throw new CheckpointException(path, "is truncated (" + data.length + " bytes)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data[i] != MAGIC[i]) {
        throw new CheckpointException(path, "is not an l2l training state (wrong magic bytes)");
      }
    }
    int version = ByteBuffer.wrap(data, MAGIC.length, 4).getInt();
    if (version != VERSION) {
      throw new CheckpointException(path, "has format version " + version + "; this build reads version " + VERSION);
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 8);
    if (crc.getValue() != ByteBuffer.wrap(data, data.length - 8, 8).getLong()) {
      throw new CheckpointException(path, "is corrupted or truncated (checksum mismatch)");
    }
    return data;
  }

  private static double[] norms(String spaceSeparated) {
    return spaceSeparated.isBlank() ? new double[0]
        : Arrays.stream(spaceSeparated.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
  }

  private static String required(Path path, Map<String, String> p, String key) {
    String v = p.get(key);
    if (v == null) {
      throw new CheckpointException(path, "lacks the property " + key);
    }
    return v;
  }
}
