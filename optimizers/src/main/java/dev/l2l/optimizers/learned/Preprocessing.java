package dev.l2l.optimizers.learned;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/** How the learned optimizer sees a gradient coordinate g (spec section 4). */
public enum Preprocessing {
  /** The raw gradient, one input: g. */
  NONE(1),
  /**
   * The paper's Appendix A, with p = 10, two inputs:
   *
   * <pre>
   *   (log|g| / p, sign g)   if |g| ≥ e^{−p}
   *   (−1, e^p g)            otherwise
   * </pre>
   */
  LOG_SIGN(2),
  /**
   * DeepMind's clamped variant, with k = 5, two inputs:
   *
   * <pre>
   *   (max(log(|g| + ε) / k, −1), clip(e^k g, −1, 1))     ε = float32 machine epsilon
   * </pre>
   */
  CLAMPED_LOG_SIGN(2);

  /** p of {@link #LOG_SIGN}. */
  public static final double P = 10;
  /** k of {@link #CLAMPED_LOG_SIGN}. */
  public static final double K = 5;

  private static final float FLOAT_EPSILON = Math.ulp(1.0f);

  private final int inputs;

  Preprocessing(int inputs) {
    this.inputs = inputs;
  }

  /** The number of LSTM inputs per coordinate. */
  public int inputs() {
    return inputs;
  }

  /** Adds the ops mapping a column of gradients [N, 1] to the LSTM input [N, inputs()]. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> g) {
    switch (this) {
      case NONE:
        return g;
      case LOG_SIGN: {
        Operand<TFloat32> magnitude = tf.math.abs(g);
        Operand<TFloat32> threshold = tf.constant((float) Math.exp(-P));
        Operand<TBool> large = tf.math.greaterEqual(magnitude, threshold);
        // max() keeps log finite in the branch select() discards, so no NaN reaches a gradient.
        Operand<TFloat32> log =
            tf.math.mul(tf.math.log(tf.math.maximum(magnitude, threshold)), tf.constant((float) (1 / P)));
        Operand<TFloat32> first = tf.select(large, log, tf.constant(-1f));
        Operand<TFloat32> second =
            tf.select(large, tf.math.sign(g), tf.math.mul(g, tf.constant((float) Math.exp(P))));
        return tf.concat(List.of(first, second), tf.constant(1));
      }
      case CLAMPED_LOG_SIGN: {
        Operand<TFloat32> log =
            tf.math.mul(
                tf.math.log(tf.math.add(tf.math.abs(g), tf.constant(FLOAT_EPSILON))),
                tf.constant((float) (1 / K)));
        Operand<TFloat32> first = tf.math.maximum(log, tf.constant(-1f));
        Operand<TFloat32> second =
            tf.clipByValue(tf.math.mul(g, tf.constant((float) Math.exp(K))), tf.constant(-1f), tf.constant(1f));
        return tf.concat(List.of(first, second), tf.constant(1));
      }
      default:
        throw new AssertionError(this);
    }
  }
}
