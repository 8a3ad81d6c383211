package dev.l2l.optimizers;

import dev.l2l.core.Feeds;
import dev.l2l.core.GraphSession;
import dev.l2l.core.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Test support: chains {@code steps} calls of an optimizer's graph transform in one graph (the state of
 * step t feeds step t + 1), feeds one gradient placeholder per step and a zero (or given) initial
 * state, and fetches every step's update and state in one session call.
 */
public final class OptimizerGraphRunner {
  private OptimizerGraphRunner() {}

  /** What the graph computed at one step, as doubles (row-major). */
  public record StepValues(double[] update, List<double[]> state) {}

  /** Runs from the all-zero initial state. */
  public static List<StepValues> run(
      Function<Ops, Optimizer> optimizer, Shape parameterShape, float[][] gradients) {
    return run(optimizer, parameterShape, gradients, null);
  }

  /**
   * Runs the optimizer made by {@code optimizer} for {@code gradients.length} steps.
   *
   * @param initialState the state h_0 (row-major, in stateShapes order), or null for zeros
   */
  public static List<StepValues> run(
      Function<Ops, Optimizer> optimizer, Shape parameterShape, float[][] gradients, List<float[]> initialState) {
    try (GraphSession graph = new GraphSession();
        Feeds feeds = new Feeds()) {
      Ops tf = graph.tf();
      Optimizer opt = optimizer.apply(tf);
      List<Shape> stateShapes = opt.stateShapes(parameterShape);
      List<Operand<TFloat32>> state = new ArrayList<>();
      for (int i = 0; i < stateShapes.size(); i++) {
        Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(stateShapes.get(i)));
        state.add(p);
        float[] values =
            initialState == null ? new float[Math.toIntExact(stateShapes.get(i).size())] : initialState.get(i);
        feeds.add(p, stateShapes.get(i), values);
      }
      List<Operand<TFloat32>> fetches = new ArrayList<>();
      for (float[] g : gradients) {
        Placeholder<TFloat32> gradient = tf.placeholder(TFloat32.class, Placeholder.shape(parameterShape));
        feeds.add(gradient, parameterShape, g);
        OptimizerStep step = opt.step(tf, gradient, state);
        if (step.state().size() != stateShapes.size()) {
          throw new AssertionError("step returned " + step.state().size() + " state tensors, stateShapes says "
              + stateShapes.size());
        }
        fetches.add(step.update());
        fetches.addAll(step.state());
        state = step.state();
      }
      Session.Runner runner = feeds.applyTo(graph.session().runner());
      for (Operand<TFloat32> f : fetches) {
        runner.fetch(f);
      }
      List<StepValues> out = new ArrayList<>();
      try (Result result = runner.run()) {
        int k = 0;
        for (int t = 0; t < gradients.length; t++) {
          if (!result.get(k).shape().equals(parameterShape)) {
            throw new AssertionError("update of step " + t + " has shape " + result.get(k).shape());
          }
          double[] update = Tensors.toDoubles(result.get(k++));
          List<double[]> s = new ArrayList<>();
          for (int i = 0; i < stateShapes.size(); i++) {
            if (!result.get(k).shape().equals(stateShapes.get(i))) {
              throw new AssertionError(
                  "state " + i + " of step " + t + " has shape " + result.get(k).shape() + ", expected "
                      + stateShapes.get(i));
            }
            s.add(Tensors.toDoubles(result.get(k++)));
          }
          out.add(new StepValues(update, s));
        }
      }
      return out;
    }
  }

  /** Float values as doubles (exactly). */
  public static double[] toDoubles(float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return d;
  }
}
