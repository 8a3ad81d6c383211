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
    return trajectory(batch, steps).losses();
  }

  /** Like {@link #run(ProblemBatch, int)}, adding {@code feeds} (e.g. the optimizer's own inputs) to every call. */
  public double[] run(B batch, int steps, Feeds feeds) {
    return unroll.trajectory(graph.session(), feeds, batch, steps).losses();
  }

  /** Like {@link #run}, also keeping θ at every unroll boundary (e.g. to measure a test accuracy there). */
  public Unroll.Trajectory trajectory(B batch, int steps) {
    try (Feeds none = new Feeds()) {
      return unroll.trajectory(graph.session(), none, batch, steps);
    }
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
