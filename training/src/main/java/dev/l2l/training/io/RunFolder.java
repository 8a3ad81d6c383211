package dev.l2l.training.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/** The folder a command writes its results into; never one that already holds files. */
public final class RunFolder {
  private RunFolder() {}

  /** {@code runs/NAME-yyyyMMdd-HHmmss} under the working directory. */
  public static Path defaultFor(String name) {
    return Path.of("runs", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  /**
   * Checks, without creating anything, that {@code dir} can be the run folder: an empty folder, or a path
   * whose nearest existing ancestor is a writable folder. Commands check first and create the folder when
   * they write their first file, so a run that fails before that leaves nothing behind.
   *
   * @throws IllegalArgumentException naming {@code --out} and what is wrong
   */
  public static Path check(Path dir) {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("--out " + dir + " exists and is not a folder");
      }
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "--out " + dir + " already holds files; choose a new folder so no earlier result is overwritten");
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("--out " + dir + " cannot be read: " + e.getMessage(), e);
      }
      if (!Files.isWritable(dir)) {
        throw new IllegalArgumentException("--out " + dir + " is not writable");
      }
      return dir;
    }
    Path ancestor = dir.toAbsolutePath().getParent();
    while (ancestor != null && !Files.exists(ancestor)) {
      ancestor = ancestor.getParent();
    }
    if (ancestor == null || !Files.isDirectory(ancestor)) {
      throw new IllegalArgumentException("--out " + dir + " cannot be created: " + ancestor + " is not a folder");
    }
    if (!Files.isWritable(ancestor)) {
      throw new IllegalArgumentException("--out " + dir + " cannot be created: " + ancestor + " is not writable");
    }
    return dir;
  }

  /**
   * Creates {@code dir} (and its parents) or accepts it if it exists and is empty.
   *
   * @throws IllegalArgumentException if it exists and is not an empty folder, or cannot be created
   */
  public static Path create(Path dir) {
    check(dir);
    try {
      Files.createDirectories(dir);
      return dir;
    } catch (IOException e) {
      throw new IllegalArgumentException("--out " + dir + " cannot be created: " + e.getMessage(), e);
    }
  }
}
