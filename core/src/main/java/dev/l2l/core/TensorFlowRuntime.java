package dev.l2l.core;

import org.tensorflow.TensorFlow;

/**
 * Loads TensorFlow's native library once and reports a clear error when it is missing.
 *
 * <p>TensorFlow Java needs {@code org.tensorflow:tensorflow-core-native:1.1.0} with a classifier
 * ({@code linux-x86_64} for the CPU, {@code linux-x86_64-gpu} with the Maven profile {@code -Pgpu}).
 */
public final class TensorFlowRuntime {
  private static volatile String version;

  private TensorFlowRuntime() {}

  /**
   * The classifier of the TensorFlow natives on the class path: {@code linux-x86_64} (CPU),
   * {@code linux-x86_64-gpu} (the {@code gpu} Maven profile), or {@code unknown}.
   */
  public static String nativeClassifier() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("tensorflow-core-native-[0-9.]+-([a-z0-9_-]+)\\.jar")
            .matcher(System.getProperty("java.class.path", ""));
    return m.find() ? m.group(1) : "unknown";
  }

  /**
   * Loads the native library if needed and returns TensorFlow's version (e.g. {@code 2.18.0}).
   *
   * @throws NativeLibraryException if the natives cannot be loaded, with what to install
   */
  public static String ensureLoaded() {
    String v = version;
    if (v != null) {
      return v;
    }
    synchronized (TensorFlowRuntime.class) {
      if (version == null) {
        try {
          version = TensorFlow.version();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
          throw new NativeLibraryException(
              "TensorFlow's native library could not be loaded ("
                  + e
                  + "). Put org.tensorflow:tensorflow-core-native:1.1.0 with the classifier "
                  + "linux-x86_64 (CPU) or linux-x86_64-gpu (build with -Pgpu) on the class path; "
                  + "the natives unpack into ~/.javacpp/cache (set -Dorg.bytedeco.javacpp.cachedir=DIR "
                  + "to move it, it needs about 700 MB of free disk).",
              e);
        }
      }
      return version;
    }
  }
}
