package dev.l2l.training.io;

import java.nio.file.Path;

/** A checkpoint that cannot be read; the message names the file and what is wrong. */
public final class CheckpointException extends RuntimeException {
  public CheckpointException(Path file, String problem) {
    super("checkpoint " + file + ": " + problem);
  }

  public CheckpointException(Path file, String problem, Throwable cause) {
    super("checkpoint " + file + ": " + problem, cause);
  }
}
