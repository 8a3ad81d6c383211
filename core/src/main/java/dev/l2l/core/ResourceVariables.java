package dev.l2l.core;

import java.util.concurrent.atomic.AtomicLong;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;

/**
 * Float32 resource variables for the library's graphs: a {@code VarHandleOp} whose shared name no other
 * variable of this JVM has (resource variables with the same shared name alias each other), and the zeros
 * that reset one. Graph builders: they add ops and own no native handle.
 */
public final class ResourceVariables {
  private static final AtomicLong COUNTER = new AtomicLong();

  private ResourceVariables() {}

  /**
   * A new float32 variable of {@code shape}, named by {@code tf}'s scope (e.g. {@code tf.withName("handle")});
   * {@code hint} makes its shared name readable, a counter makes it unique.
   */
  public static VarHandleOp float32(Ops tf, String hint, Shape shape) {
    return tf.varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(uniqueSharedName(hint)));
  }

  /** Zeros of {@code shape}, e.g. to reset a variable. */
  public static Operand<TFloat32> zeros(Ops tf, Shape shape) {
    return tf.zeros(tf.constant(shape.asArray()), TFloat32.class);
  }

  static String uniqueSharedName(String hint) {
    return "l2l_" + COUNTER.incrementAndGet() + "_" + hint.replaceAll("[^A-Za-z0-9_.\\-]", "_");
  }
}
