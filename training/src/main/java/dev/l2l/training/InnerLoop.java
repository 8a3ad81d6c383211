package dev.l2l.training;

import dev.l2l.core.Feeds;
import dev.l2l.core.GraphSession;
import dev.l2l.core.SessionConfig;
import dev.l2l.tasks.ProblemBatch;
import dev.l2l.tasks.TaskFamily;

/**
 * Runs one optimizer on batches of a task for any number of steps, returning the loss at every step.
 * It builds one {@link Unroll} graph and runs it as often as needed, carrying θ and the optimizer's state
 * on the device between the calls; the optimizer's state starts at zero for every batch (every new problem).
 *
 * <p>Owns a graph and a session: use it in try-with-resources.
 *
 * @param <B> the task's batch type
 */
public final class InnerLoop<B extends ProblemBatch> implements AutoCloseable {
  /** The unroll length used when none is given. */
  public static final int DEFAULT_UNROLL = 20;

  private final GraphSession graph;
  private final Unroll<B> unroll;
  private final String optimizerName;

  public InnerLoop(TaskFamily<B> family, OptimizerFactory optimizer, int unrollSteps, SessionConfig config) {
    GraphSession g = new GraphSession(config);
    try {
      var opt = optimizer.create(g.tf());
      this.optimizerName = opt.name();
      this.unroll = new Unroll<>(g.tf(), family, opt, unrollSteps);
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
    this.graph = g;
  }

  public InnerLoop(TaskFamily<B> family, OptimizerFactory optimizer) {
    this(family, optimizer, DEFAULT_UNROLL, SessionConfig.defaults());
  }

  public String optimizerName() {
    return optimizerName;
  }

  /**
   * Runs {@code steps} steps from θ₀ of {@code batch} with a fresh optimizer state.
   *
   * @return f(θ_t) for t = 0..steps ({@code steps + 1} values)
   */
  public double[] run(B batch, int steps) {
    try (Feeds none = new Feeds()) {
      return trajectory(batch, steps, none).losses();
    }
  }

  /** Like {@link #run(ProblemBatch, int)}, adding {@code feeds} (e.g. the optimizer's own inputs) to every call. */
  public double[] run(B batch, int steps, Feeds feeds) {
    return trajectory(batch, steps, feeds).losses();
  }

  /**
   * What {@link #trajectory} gives.
   *
   * @param losses f(θ_t) for t = 0..steps
   * @param parameters θ_t at every unroll boundary t = k, 2k, .. (and at the last step when it is one), by t
   */
  public record Trajectory(double[] losses, java.util.Map<Integer, float[]> parameters) {}

  /** Like {@link #run}, also keeping θ at every unroll boundary (e.g. to measure a test accuracy there). */
  public Trajectory trajectory(B batch, int steps) {
    try (Feeds none = new Feeds()) {
      return trajectory(batch, steps, none);
    }
  }

  /** {@link #trajectory(ProblemBatch, int)}, adding {@code feeds} to every call. */
  public Trajectory trajectory(B batch, int steps, Feeds feeds) {
    if (steps <= 0) {
      throw new IllegalArgumentException("steps must be positive, got " + steps);
    }
    int k = unroll.steps();
    double[] losses = new double[steps + 1];
    java.util.Map<Integer, float[]> parameters = new java.util.TreeMap<>();
    unroll.startOnDevice(graph.session(), batch);
    int done = 0;
    while (done < steps) {
      Unroll.Forward forward = unroll.runOnDevice(graph.session(), feeds, batch, done);
      int take = Math.min(k, steps - done);
      System.arraycopy(forward.losses(), 0, losses, done, take + 1);
      done += k;
      if (done <= steps) {
        parameters.put(done, forward.theta());
      }
    }
    return new Trajectory(losses, parameters);
  }

  /** The number of ops in the graph. */
  public int operationCount() {
    return graph.operationCount();
  }

  @Override
  public void close() {
    graph.close();
  }
}
