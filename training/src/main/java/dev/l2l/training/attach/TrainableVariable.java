package dev.l2l.training.attach;

import dev.l2l.core.ResourceVariables;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReadVariableOp;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;

/**
 * A float32 resource variable that an {@link AttachedOptimizer} can train: its handle ({@code VarHandleOp},
 * with a shared name unique in this JVM so that two variables never alias) and <b>the one read</b>
 * ({@code ReadVariableOp}) that the loss must be built from.
 *
 * <p>Build every use of the variable in the loss from {@link #value()}. The gradient is taken with
 * respect to that read, so a second {@code tf.readVariableOp(handle)} used in the loss would be
 * invisible to it; {@link AttachedOptimizer#attach} refuses such a loss with a message naming the
 * variable. Reads elsewhere (an accuracy metric, say) are fine.
 *
 * <p>A graph builder: it adds ops to the caller's graph and owns no native handle.
 */
public final class TrainableVariable {
  private final String name;
  private final Shape shape;
  private final Operand<?> handle;
  private final Operand<TFloat32> value;
  private final Op initializer;

  private TrainableVariable(String name, Shape shape, Operand<?> handle, Operand<TFloat32> value, Op initializer) {
    this.name = name;
    this.shape = shape;
    this.handle = handle;
    this.value = value;
    this.initializer = initializer;
  }

  /**
   * A new resource variable of {@code shape}, with its read and an initializer that assigns {@code
   * initialValue} (a constant, a random op or a placeholder; run {@link #initializer()} — or the
   * optimizer's {@link AttachedOptimizer#initOp()} — before the first read).
   *
   * @param name a readable name for the ops and error messages, e.g. {@code layer1/kernel}
   */
  public static TrainableVariable create(Ops tf, String name, Shape shape, Operand<TFloat32> initialValue) {
    if (shape.isUnknown() || shape.hasUnknownDimension()) {
      throw new IllegalArgumentException("variable " + name + " needs a fully known shape, got " + shape);
    }
    if (!initialValue.shape().isCompatibleWith(shape)) {
      throw new IllegalArgumentException(
          "variable " + name + " has shape " + shape + " but its initial value has shape " + initialValue.shape());
    }
    Ops scope = tf.withSubScope(opName(name));
    VarHandleOp handle = ResourceVariables.float32(scope.withName("handle"), opName(name), shape);
    ReadVariableOp<TFloat32> read = scope.withName("value").readVariableOp(handle, TFloat32.class);
    Op init = scope.withName("init").assignVariableOp(handle, initialValue);
    return new TrainableVariable(name, shape, handle, read, init);
  }

  /**
   * Wraps a resource variable the caller made: {@code read} must be a {@code ReadVariableOp} of the
   * float32 {@code VarHandleOp} {@code handle} with a fully known shape. It has no initializer of its
   * own ({@link #initializer()} is a no-op): initialise it as you did before.
   */
  public static TrainableVariable wrap(Ops tf, String name, Operand<?> handle, Operand<?> read) {
    if (!(handle.op() instanceof GraphOperation) || !(read.op() instanceof GraphOperation)) {
      throw new IllegalArgumentException("variable " + name + " must be made in a Graph (graph mode); eager mode is not supported");
    }
    if (!VarHandleOp.OP_NAME.equals(handle.op().type())) {
      throw new IllegalArgumentException(
          "variable " + name + ": the handle must be a VarHandleOp (a resource variable), got a "
              + handle.op().type() + "; ref variables (tf.variable) are not supported, see docs/guide-own-model.md");
    }
    if (!ReadVariableOp.OP_NAME.equals(read.op().type())
        || !((GraphOperation) read.op()).input(0).op().name().equals(handle.op().name())) {
      throw new IllegalArgumentException(
          "variable " + name + ": the read must be tf.readVariableOp(handle, TFloat32.class) of its own handle, got a "
              + read.op().type() + " (" + read.op().name() + ")");
    }
    if (read.type() != TFloat32.class) {
      throw new IllegalArgumentException(
          "variable " + name + " holds " + read.asOutput().dataType()
              + "; only float32 variables can be trained (cast the data, keep the variable float32)");
    }
    Shape shape = read.shape();
    if (shape.isUnknown() || shape.hasUnknownDimension()) {
      throw new IllegalArgumentException("variable " + name + " needs a fully known shape, got " + shape);
    }
    @SuppressWarnings("unchecked")
    Operand<TFloat32> value = (Operand<TFloat32>) read;
    return new TrainableVariable(name, shape, handle, value, tf.withName(opName(name) + "_noinit").noOp());
  }

  /** The readable name given at creation. */
  public String name() {
    return name;
  }

  public Shape shape() {
    return shape;
  }

  /** The resource handle (for assignments of your own). */
  public Operand<?> handle() {
    return handle;
  }

  /** The read the loss must be built from (its value at the start of a session call). */
  public Operand<TFloat32> value() {
    return value;
  }

  /** Assigns the initial value ({@link #create}); a no-op for a {@link #wrap wrapped} variable. */
  public Op initializer() {
    return initializer;
  }

  @Override
  public String toString() {
    return "variable " + name + " " + shape;
  }

  /** A valid op name made from a readable one. */
  static String opName(String name) {
    String s = name.replaceAll("[^A-Za-z0-9_.\\-/]", "_").replace('/', '_');
    return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) ? "v" + s : s;
  }
}
