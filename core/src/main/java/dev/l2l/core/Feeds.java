package dev.l2l.core;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Tensors to feed into one or more session calls. Owns the tensors it creates and closes them:
 * use it in try-with-resources.
 */
public final class Feeds implements AutoCloseable {
  private final List<Operand<?>> targets = new ArrayList<>();
  private final List<Tensor> tensors = new ArrayList<>();

  /** Feeds a copy of {@code values}, shaped as {@code shape}, to {@code placeholder}. */
  public Feeds add(Operand<TFloat32> placeholder, Shape shape, float[] values) {
    return addOwned(placeholder, Tensors.of(shape, values));
  }

  /** Feeds {@code tensor} to {@code placeholder}; this object takes ownership of the tensor. */
  public Feeds addOwned(Operand<?> placeholder, Tensor tensor) {
    targets.add(placeholder);
    tensors.add(tensor);
    return this;
  }

  /** Adds every feed to {@code runner}. */
  public Session.Runner applyTo(Session.Runner runner) {
    for (int i = 0; i < targets.size(); i++) {
      runner.feed(targets.get(i), tensors.get(i));
    }
    return runner;
  }

  @Override
  public void close() {
    for (Tensor t : tensors) {
      t.close();
    }
    tensors.clear();
    targets.clear();
  }
}
