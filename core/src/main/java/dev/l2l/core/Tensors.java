package dev.l2l.core;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Bulk conversions between Java arrays and float32 tensors. The caller closes what it creates. */
public final class Tensors {
  private Tensors() {}

  /** A new float32 tensor of {@code shape} holding a copy of {@code values} (row-major). */
  public static TFloat32 of(Shape shape, float[] values) {
    if (shape.size() != values.length) {
      throw new IllegalArgumentException(
          "shape " + shape + " holds " + shape.size() + " values, got " + values.length);
    }
    return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
  }

  /** A new float32 tensor of {@code shape} from double values, rounded to float. */
  public static TFloat32 of(Shape shape, double[] values) {
    return of(shape, toFloats(values));
  }

  /**
   * A new float32 tensor of {@code shape} filled with zeros. ({@code TFloat32.tensorOf(shape)} alone
   * leaves the native memory uninitialised: it is not zero.)
   */
  public static TFloat32 zeros(Shape shape) {
    return of(shape, new float[Math.toIntExact(shape.size())]);
  }

  /** A new float32 scalar. */
  public static TFloat32 scalar(float value) {
    return TFloat32.scalarOf(value);
  }

  /** All values of a float32 tensor, row-major. */
  public static float[] toFloats(Tensor tensor) {
    TFloat32 t = (TFloat32) tensor;
    float[] out = new float[Math.toIntExact(t.shape().size())];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  /** All values of a float32 tensor as doubles, row-major. */
  public static double[] toDoubles(Tensor tensor) {
    float[] f = toFloats(tensor);
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /** The only value of a scalar (or one-element) float32 tensor. */
  public static float toScalar(Tensor tensor) {
    float[] f = toFloats(tensor);
    if (f.length != 1) {
      throw new IllegalArgumentException("expected one value, tensor has shape " + tensor.shape());
    }
    return f[0];
  }

  public static float[] toFloats(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }
}
