package dev.l2l.tasks.mnist;

import java.io.IOException;
import java.nio.file.Path;

/** An IDX file that is missing, truncated or malformed; the message names the file and what is wrong. */
public final class IdxFormatException extends IOException {
  private final Path file;

  public IdxFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }
}
