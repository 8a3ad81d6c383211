package dev.l2l.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.l2l.training.TrainingProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLogTest {
  @TempDir Path dir;

  @Test
  void writesTheHeaderAndOneRowPerOuterStep() throws IOException {
    Path p = dir.resolve("training.csv");
    try (TrainingLog log = new TrainingLog(p)) {
      assertEquals(List.of(TrainingLog.HEADER), Files.readAllLines(p), "the header is flushed at once");
      log.onOuterStep(new TrainingProgress(1, 3, 123.456789, Double.NaN, 2.5, 0, 0.0123, 0));
      log.onOuterStep(new TrainingProgress(2, 3, 0.000123456789, 1.75, 1.75, 4, 12.3456, 2));
      assertEquals(3, Files.readAllLines(p).size(), "rows are flushed as they come");
    }
    List<String> lines = Files.readAllLines(p);
    assertEquals("outer_step,meta_loss,validation_loss,best_validation_loss,skipped_unrolls,rollbacks,elapsed_s", lines.get(0));
    String[] first = lines.get(1).split(",", -1);
    assertEquals(7, first.length);
    assertEquals("1", first[0]);
    assertEquals(123.457, Double.parseDouble(first[1]), 1e-9);
    assertEquals("", first[2], "no validation at this step");
    assertEquals(2.5, Double.parseDouble(first[3]), 0);
    assertEquals("0", first[4]);
    assertEquals("0", first[5]);
    assertEquals(0.012, Double.parseDouble(first[6]), 1e-12);
    String[] second = lines.get(2).split(",", -1);
    assertEquals("2", second[0]);
    assertEquals(1.23457e-4, Double.parseDouble(second[1]), 1e-15);
    assertEquals(1.75, Double.parseDouble(second[2]), 0);
    assertEquals("4", second[4]);
    assertEquals("2", second[5]);
    assertEquals(12.346, Double.parseDouble(second[6]), 1e-12);
  }
}
