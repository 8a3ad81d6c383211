package dev.l2l.core;

/**
 * Thrown when TensorFlow's native library cannot be loaded; its message says what to install.
 */
public final class NativeLibraryException extends RuntimeException {
  NativeLibraryException(String message, Throwable cause) {
    super(message, cause);
  }
}
