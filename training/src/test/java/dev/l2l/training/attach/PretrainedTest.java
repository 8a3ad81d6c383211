package dev.l2l.training.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.training.io.Checkpoint;
import dev.l2l.training.io.CheckpointException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PretrainedTest {
  @Test
  void theShippedQuadraticOptimizerLoadsWithItsArchitecture() {
    Checkpoint c = Pretrained.quadratic();
    assertEquals(LstmConfig.defaults(), c.weights().config());
    assertEquals("quadratic", c.properties().get("task"));
    assertTrue(c.weights().isFinite());
  }

  @Test
  void aMissingResourceIsNamed() {
    CheckpointException e = assertThrows(CheckpointException.class, () -> Pretrained.resource("nothing.l2l"));
    assertTrue(e.getMessage().contains("dev/l2l/pretrained/nothing.l2l") && e.getMessage().contains("classpath"),
        e.getMessage());
  }

  @Test
  void corruptBytesAreRefusedNamingTheirSource() throws Exception {
    byte[] data;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/l2l/pretrained/quadratic.l2l")) {
      data = in.readAllBytes();
    }
    data[data.length / 2] ^= 1;
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> Checkpoint.fromBytes(data, Path.of("my-bytes")));
    assertTrue(e.getMessage().contains("my-bytes") && e.getMessage().contains("checksum"), e.getMessage());
  }
}
