package dev.l2l.optimizers.learned;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The elementwise part of an LSTM cell as one TensorFlow op, with its gradient as another: l2l's own CPU
 * kernels (optimizers/src/main/c/l2l_lstm_cell.c), loaded into TensorFlow from this jar.
 *
 * <pre>
 *   L2lLstmCell(z [N, 4H], b [4H], c [N, H]) → (h', c'),  with [i f c̃ o] = z + b:
 *     c' = σ(f) ⊙ c + σ(i) ⊙ tanh(c̃),   h' = σ(o) ⊙ tanh(c')
 *   L2lLstmCellGrad(z, b, c, ∂h', ∂c') → (∂z, ∂b, ∂c)   (registered as L2lLstmCell's gradient)
 * </pre>
 *
 * The forward kernel makes one pass over the rows where TensorFlow's ops make about ten (Split, three
 * Sigmoid, two Tanh, Mul, Add), and the gradient one where the symbolic gradient of those ops makes about
 * fifteen; the gradient recomputes the gates from z instead of keeping them. The libraries are built at
 * compile time by {@code src/main/c/build.sh} (gcc, Linux x86-64, glibc's vector math) in an AVX-512 and
 * an AVX2 variant; the best one the CPU supports is loaded on first use, or the one the system property
 * {@value #PROPERTY} names: {@code auto} (the default), {@code avx2}, {@code avx512}, or {@code off} to load
 * none. The two variants round differently in the last bit, so pinning {@code avx2} gives the same numbers
 * on every machine with AVX2. Where none is loaded, {@link #isAvailable()} is false, {@link #status()}
 * says why, and {@link LstmCellKernel#AUTO} uses TensorFlow's ops.
 */
public final class FusedLstmCell {
  private static final String OP = "L2lLstmCell";
  private static final String GRADIENT_OP = "L2lLstmCellGrad";
  /** The system property that picks the variant: auto (the CPU's best; the default), avx2, avx512 or off. */
  public static final String PROPERTY = "l2l.fusedLstmCell";
  private static String status; // null until the first load attempt
  private static boolean available;

  private FusedLstmCell() {}

  /** Whether the kernels are loaded into TensorFlow (loading them on the first call). */
  public static synchronized boolean isAvailable() {
    if (status == null) {
      load();
    }
    return available;
  }

  /**
   * What {@link #isAvailable()} found: e.g. "fused kernels (avx512)", or why they are not available and
   * what to do about it.
   */
  public static synchronized String status() {
    isAvailable();
    return status;
  }

  /**
   * h' and c' of one cell (see the class comment), as the two outputs of one {@code L2lLstmCell} op.
   *
   * @param z [x, h] K, [N, 4H], the gate pre-activations without the bias, in the order i, f, c̃, o
   * @param bias [4H]
   * @param c the cell state, [N, H]
   * @throws IllegalStateException if the kernels are not available ({@link #status()} says why)
   */
  public static List<Operand<TFloat32>> apply(
      Ops tf, Operand<TFloat32> z, Operand<TFloat32> bias, Operand<TFloat32> c) {
    if (!isAvailable()) {
      throw new IllegalStateException("the fused LSTM cell is not available: " + status());
    }
    Operation op =
        tf.scope().opBuilder(OP, OP).addInput(z.asOutput()).addInput(bias.asOutput()).addInput(c.asOutput()).build();
    return List.of(op.output(0), op.output(1));
  }

  /**
   * The gradient TensorFlow's symbolic differentiation calls for each {@code L2lLstmCell}: one {@code
   * L2lLstmCellGrad} op. (For an output nothing depends on — c' of the last step, say — TensorFlow passes
   * zeros, a ZerosLike op.)
   */
  private static List<Operand<?>> gradient(Ops tf, GraphOperation op, List<Output<?>> gradients) {
    Operation g =
        tf.scope()
            .opBuilder(GRADIENT_OP, GRADIENT_OP)
            .addInput(op.input(0))
            .addInput(op.input(1))
            .addInput(op.input(2))
            .addInput(gradients.get(0))
            .addInput(gradients.get(1))
            .build();
    return List.of(g.output(0), g.output(1), g.output(2));
  }

  /**
   * The value of {@value #PROPERTY} (auto when unset), checked without loading anything — so that a
   * command line can refuse a bad value before it starts.
   *
   * @throws IllegalArgumentException if it is not auto, avx2, avx512 or off
   */
  public static String checkProperty() {
    String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    if (!List.of("auto", "avx2", "avx512", "off").contains(wanted)) {
      throw new IllegalArgumentException(
          "the system property " + PROPERTY + " must be auto, avx2, avx512 or off, got '" + wanted + "'");
    }
    return wanted;
  }

  /**
   * Loads the variant {@value #PROPERTY} asks for, or says in {@link #status} why none is loaded.
   *
   * @throws IllegalArgumentException if the property has another value than auto, avx2, avx512 or off
   */
  private static void load() {
    available = false;
    String wanted = checkProperty();
    if (wanted.equals("off")) {
      status = "not loaded: " + PROPERTY + "=off";
      return;
    }
    List<String> supported = cpuVariants();
    if (supported.isEmpty()) {
      status = "not available: the fused kernels need an x86-64 CPU with AVX2 and FMA on Linux";
      return;
    }
    String variant = wanted.equals("auto") ? supported.get(0) : wanted;
    if (!supported.contains(variant)) {
      status = "not available: " + PROPERTY + "=" + variant + ", which this CPU does not support";
      return;
    }
    String resource = "native/libl2l_lstm_cell-" + variant + ".so";
    try (InputStream in = FusedLstmCell.class.getResourceAsStream(resource)) {
      if (in == null) {
        status = "not available: " + resource + " was not built (the build needs gcc; see optimizers/src/main/c/build.sh)";
        return;
      }
      // TensorFlow loads a library from a file; the copy can go once it is loaded (the mapping stays).
      Path file = Files.createTempFile("l2l_lstm_cell-", ".so");
      try {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        TensorFlow.loadLibrary(file.toString());
      } finally {
        Files.deleteIfExists(file);
      }
      TensorFlow.registerCustomGradient(OP, FusedLstmCell::gradient);
      available = true;
      status = "fused kernels (" + variant + ")";
    } catch (IOException | RuntimeException e) {
      status = "not available: loading " + resource + " failed: " + e.getMessage();
    }
  }

  /** The variants this CPU runs, best first ("avx512", "avx2"), from the flags of /proc/cpuinfo. */
  private static List<String> cpuVariants() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
        || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return List.of();
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          Set<String> flags = new HashSet<>(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
          if (!flags.containsAll(Set.of("avx2", "fma"))) {
            return List.of();
          }
          return flags.contains("avx512f") ? List.of("avx512", "avx2") : List.of("avx2");
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return List.of();
  }
}
