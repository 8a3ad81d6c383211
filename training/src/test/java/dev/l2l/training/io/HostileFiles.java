package dev.l2l.training.io;

import dev.l2l.optimizers.learned.LstmConfig;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Small files with a valid checksum whose properties claim a huge LSTM: what a hostile or corrupted writer
 * could produce. Each holds the header of its first array as the claimed architecture wants it, then
 * {@link #TAIL} bytes instead of the gigabytes of values that header announces.
 */
public final class HostileFiles {
  /** The bytes that follow the first array's header. */
  public static final int TAIL = 64;

  private HostileFiles() {}

  /** A checkpoint whose properties claim {@code layers} × {@code hiddenUnits}. */
  public static Path checkpoint(Path p, int layers, int hiddenUnits) throws IOException {
    Map<String, String> properties = new LinkedHashMap<>(Checkpoint.describe(LstmConfig.defaults()));
    properties.put("lstm.layers", Integer.toString(layers));
    properties.put("lstm.hiddenUnits", Integer.toString(hiddenUnits));
    return write(p, "L2LCKPT\n", Checkpoint.VERSION, properties, out -> {
      out.writeInt(6);
      out.writeUTF("lstm0/kernel");
      out.writeInt(2);
      out.writeLong(2 + hiddenUnits);
      out.writeLong(4L * hiddenUnits);
    });
  }

  /**
   * A training state with the run settings {@code settings}, whose first array announces the size the
   * {@code lstm} those settings describe needs.
   */
  public static Path trainingState(Path p, Map<String, String> settings, LstmConfig lstm) throws IOException {
    return write(p, "L2LSTATE", TrainingStateFile.VERSION, settings, out -> {
      out.writeInt((int) (4 * lstm.tensorCount()));
      out.writeUTF("weights/0");
      out.writeInt(lstm.weightSpecs().get(0).size());
    });
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  private static Path write(Path p, String magic, int version, Map<String, String> properties, Body arrays)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(magic.getBytes(StandardCharsets.US_ASCII));
      out.writeInt(version);
      out.writeInt(properties.size());
      for (Map.Entry<String, String> e : properties.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
      arrays.write(out);
      out.write(new byte[TAIL]);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    return Files.write(p, ByteBuffer.allocate(bytes.size() + 8).put(bytes.toByteArray()).putLong(crc.getValue()).array());
  }
}
