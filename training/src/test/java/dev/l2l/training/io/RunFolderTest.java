package dev.l2l.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
  @TempDir Path dir;

  @Test
  void createsNewFoldersAndAcceptsEmptyOnes() throws IOException {
    Path nested = dir.resolve("runs/quadratic-1");
    assertEquals(nested, RunFolder.create(nested));
    assertTrue(Files.isDirectory(nested));
    assertEquals(nested, RunFolder.create(nested), "an existing empty folder is fine");
  }

  @Test
  void refusesAFolderThatHoldsFiles() throws IOException {
    Path full = dir.resolve("old-run");
    Files.createDirectories(full);
    Files.writeString(full.resolve("summary.md"), "precious");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolder.create(full));
    assertTrue(e.getMessage().contains(full.toString()) && e.getMessage().contains("already holds files"), e.getMessage());
    assertEquals("precious", Files.readString(full.resolve("summary.md")));
    // a hidden file or an empty sub-folder counts too
    Path hidden = dir.resolve("hidden");
    Files.createDirectories(hidden.resolve(".x"));
    assertThrows(IllegalArgumentException.class, () -> RunFolder.create(hidden));
  }

  @Test
  void refusesAFile() throws IOException {
    Path file = dir.resolve("file.txt");
    Files.writeString(file, "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolder.create(file));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a folder"), e.getMessage());
  }

  @Test
  void checkCreatesNothingAndRefusesWhatCreateWould() throws IOException {
    Path nested = dir.resolve("runs/quadratic-2");
    assertEquals(nested, RunFolder.check(nested));
    assertFalse(Files.exists(dir.resolve("runs")), "checking makes no folder");
    Path file = Files.writeString(dir.resolve("file.txt"), "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolder.check(file.resolve("a/b")));
    assertEquals("--out " + file.resolve("a/b") + " cannot be created: " + file + " is not a folder", e.getMessage());
    Files.createDirectories(nested.resolve("sub"));
    e = assertThrows(IllegalArgumentException.class, () -> RunFolder.check(nested));
    assertEquals("--out " + nested + " already holds files; choose a new folder so no earlier result is overwritten",
        e.getMessage());
  }

  @Test
  void defaultNameIsUnderRunsWithATimestamp() {
    Path p = RunFolder.defaultFor("quadratic");
    assertEquals(Path.of("runs"), p.getParent());
    assertTrue(p.getFileName().toString().matches("quadratic-\\d{8}-\\d{6}"), p.toString());
  }
}
