package dev.l2l.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<Path> listing() throws IOException {
    try (var s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void writesAndReplaces() throws IOException {
    Path p = dir.resolve("sub/result.txt");
    AtomicFiles.writeString(p, "first ✓");
    assertEquals("first ✓", Files.readString(p, StandardCharsets.UTF_8));
    AtomicFiles.writeString(p, "second");
    assertEquals("second", Files.readString(p));
    try (var s = Files.list(p.getParent())) {
      assertEquals(List.of(p), s.toList(), "only the target, no temporary file");
    }
  }

  @Test
  void aFailingWriterLeavesTheGoodFileAndNoTemporaryFile() throws IOException {
    Path p = dir.resolve("good.csv");
    AtomicFiles.writeString(p, "a,b\n1,2\n");
    IOException failure = new IOException("disk full");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(p, out -> {
      out.write("half a fi".getBytes(StandardCharsets.UTF_8));
      throw failure;
    }));
    assertSame(failure, e);
    assertEquals("a,b\n1,2\n", Files.readString(p));
    assertEquals(List.of(p), listing());

    // an unchecked failure too
    assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(p, out -> {
      out.write(new byte[100]);
      throw new UncheckedIOException(new IOException("boom"));
    }));
    assertEquals("a,b\n1,2\n", Files.readString(p));
    assertEquals(List.of(p), listing());
  }

  @Test
  void aFailingFirstWriteCreatesNothing() throws IOException {
    Path p = dir.resolve("never.bin");
    assertThrows(IOException.class, () -> AtomicFiles.write(p, out -> {
      throw new IOException("no");
    }));
    assertEquals(List.of(), listing());
  }
}
