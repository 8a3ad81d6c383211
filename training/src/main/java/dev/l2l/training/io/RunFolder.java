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
   * Creates {@code dir} (and its parents) or accepts it if it exists and is empty.
   *
   * @throws IllegalArgumentException if it exists and is not an empty folder, or cannot be created
   */
  public static Path create(Path dir) {
    try {
      if (Files.exists(dir)) {
        if (!Files.isDirectory(dir)) {
          throw new IllegalArgumentException("--out " + dir + " exists and is not a folder");
        }
        try (Stream<Path> entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new IllegalArgumentException(
                "--out " + dir + " already holds files; choose a new folder so no earlier result is overwritten");
          }
        }
      }
      Files.createDirectories(dir);
      if (!Files.isWritable(dir)) {
        throw new IllegalArgumentException("--out " + dir + " is not writable");
      }
      return dir;
    } catch (IOException e) {
      throw new IllegalArgumentException("--out " + dir + " cannot be created: " + e.getMessage(), e);
    }
  }
}
