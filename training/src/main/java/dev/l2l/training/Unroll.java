package dev.l2l.training;

import dev.l2l.core.Feeds;
import dev.l2l.core.ResourceVariables;
import dev.l2l.core.Tensors;
import dev.l2l.optimizers.Optimizer;
import dev.l2l.optimizers.OptimizerStep;
import dev.l2l.tasks.ProblemBatch;
import dev.l2l.tasks.TaskFamily;
import dev.l2l.tasks.TaskGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * K inner steps of an optimizer on a task, unrolled statically in a graph:
 *
 * <pre>
 *   for t = 0 .. K−1:   ℓ_t = f(θ_t);  [g_t, h_{t+1}] = opt(∇ℓ_t, h_t);  θ_{t+1} = θ_t + g_t
 *   ℓ_K = f(θ_K)
 * </pre>
 *
 * θ₀ and h₀ can be fed, so one graph serves any number of consecutive unrolls, in either of two ways:
 * <ul>
 *   <li><b>through the host</b> ({@link #feed}, {@link #fetch}, {@link #read}): each call feeds the values
 *       the previous call fetched, as Java arrays ({@link UnrollState});
 *   <li><b>on the device</b> ({@link #startOnDevice}, {@link #advanceOnDevice}): θ and h live in resource
 *       variables on the session's device; θ₀ and h₀ default to their values and each call writes θ_K and
 *       h_K back, so nothing of the problem's size crosses between host and device (what a GPU needs).
 * </ul>
 * Both compute the same numbers from the same values. ∇ℓ_t is TensorFlow's symbolic gradient (with an
 * explicit seed, so that second derivatives can be taken through it). It is a graph builder and owns no
 * native handle.
 *
 * @param <B> the task's batch type
 */
public final class Unroll<B extends ProblemBatch> {
  private final TaskGraph<B> task;
  private final int steps;
  private final Shape parameterShape;
  private final List<Shape> stateShapes;
  private final Operand<TFloat32> theta;
  private final List<Operand<TFloat32>> state = new ArrayList<>();
  private final Placeholder<TFloat32> startTheta;
  private final Op startOnDevice;
  private final Op advanceOnDevice;
  private final List<Operand<TFloat32>> losses = new ArrayList<>();
  private final Operand<TFloat32> lossVector;
  private final Operand<TFloat32> thetaOut;
  private final List<Operand<TFloat32>> stateOut;

  /** Adds an unroll of {@code steps} steps of {@code optimizer} on {@code family} to {@code tf}. */
  public Unroll(Ops tf, TaskFamily<B> family, Optimizer optimizer, int steps) {
    if (steps <= 0) {
      throw new IllegalArgumentException("unroll steps must be positive, got " + steps);
    }
    this.steps = steps;
    this.task = family.build(tf);
    this.parameterShape = family.parameterShape();
    this.stateShapes = optimizer.stateShapes(parameterShape);
    Ops scope = tf.withSubScope("unroll");
    Ops carriedScope = scope.withSubScope("carried");
    // The carried values on the device: θ and each state tensor in a resource variable (unique shared
    // names, so that two unrolls in one process never alias), read as the default of θ₀ and h₀.
    Operand<?> thetaVariable = ResourceVariables.float32(carriedScope.withName("theta"), "unroll_theta", parameterShape);
    theta = scope.withName("theta0").placeholderWithDefault(
        carriedScope.readVariableOp(thetaVariable, TFloat32.class), parameterShape);
    List<Operand<?>> stateVariables = new ArrayList<>();
    for (int i = 0; i < stateShapes.size(); i++) {
      Operand<?> v = ResourceVariables.float32(carriedScope.withName("state" + i), "unroll_state" + i, stateShapes.get(i));
      stateVariables.add(v);
      state.add(scope.withName("state0_" + i).placeholderWithDefault(
          carriedScope.readVariableOp(v, TFloat32.class), stateShapes.get(i)));
    }
    Operand<TFloat32> one = scope.constant(1f);
    Operand<TFloat32> current = theta;
    List<Operand<TFloat32>> h = new ArrayList<>(state);
    for (int t = 0; t < steps; t++) {
      Ops step = scope.withSubScope("step" + t);
      Operand<TFloat32> loss = task.loss(current, t);
      losses.add(loss);
      Gradients grad = step.gradients(loss, List.of(current), Gradients.dx(List.of(one)));
      Operand<TFloat32> gradient = grad.dy(0);
      OptimizerStep next = optimizer.step(step, gradient, h);
      current = step.math.add(current, next.update());
      h = next.state();
    }
    losses.add(task.loss(current, steps));
    lossVector = scope.stack(losses);
    thetaOut = current;
    stateOut = h;
    startTheta = carriedScope.withName("start_theta").placeholder(TFloat32.class, Placeholder.shape(parameterShape));
    List<Op> starts = new ArrayList<>();
    List<Op> advances = new ArrayList<>();
    starts.add(carriedScope.assignVariableOp(thetaVariable, startTheta));
    advances.add(carriedScope.assignVariableOp(thetaVariable, thetaOut));
    for (int i = 0; i < stateVariables.size(); i++) {
      starts.add(carriedScope.assignVariableOp(stateVariables.get(i), ResourceVariables.zeros(carriedScope, stateShapes.get(i))));
      advances.add(carriedScope.assignVariableOp(stateVariables.get(i), stateOut.get(i)));
    }
    startOnDevice = carriedScope.withName("start").withControlDependencies(starts).noOp();
    advanceOnDevice = carriedScope.withName("advance").withControlDependencies(advances).noOp();
  }


  public int steps() {
    return steps;
  }

  public Shape parameterShape() {
    return parameterShape;
  }

  /** f(θ_t) for t = 0..K, as K + 1 scalar operands. */
  public List<Operand<TFloat32>> losses() {
    return losses;
  }

  /** f(θ_t) for t = 0..K stacked into one vector. */
  public Operand<TFloat32> lossVector() {
    return lossVector;
  }

  /** The sizes of the optimizer's state tensors. */
  public List<Integer> stateSizes() {
    List<Integer> sizes = new ArrayList<>();
    for (Shape s : stateShapes) {
      sizes.add(Math.toIntExact(s.size()));
    }
    return sizes;
  }

  /** The carried values at the start of a problem: θ₀ of {@code batch}, a zero optimizer state. */
  public UnrollState start(B batch) {
    return UnrollState.start(batch.initialParameters(), stateSizes());
  }

  /** Adds the feeds of one call: the task's data and the carried values. */
  public void feed(Feeds feeds, B batch, UnrollState carried, int firstStep) {
    feedData(feeds, batch, firstStep);
    feeds.add(theta, parameterShape, carried.theta());
    for (int i = 0; i < state.size(); i++) {
      feeds.add(state.get(i), stateShapes.get(i), carried.optimizerState().get(i));
    }
  }

  /** Adds the task's data of one call (steps {@code firstStep} on), for a call carried on the device. */
  public void feedData(Feeds feeds, B batch, int firstStep) {
    task.feed(feeds, batch, firstStep);
  }

  /**
   * Starts a problem on the device: θ = θ₀ of {@code batch}, a zero optimizer state, in the graph's
   * variables (one small session call). Then run unrolls with {@link #advanceOnDevice}.
   */
  public void startOnDevice(Session session, B batch) {
    try (Feeds feeds = new Feeds()) {
      feeds.add(startTheta, parameterShape, batch.initialParameters());
      try (Result ignored = feeds.applyTo(session.runner()).addTarget(startOnDevice).run()) {
        // nothing to fetch: the call only assigns the variables
      }
    }
  }

  /**
   * Makes the call of {@code runner} an unroll on the device: it starts from the variables' θ and state
   * (feed neither) and writes θ_K and h_K back to them. Fetch the losses with {@link #lossVector()}.
   */
  public Session.Runner advanceOnDevice(Session.Runner runner) {
    return runner.addTarget(advanceOnDevice);
  }

  /** Fetches the losses, θ_K and the state in this order, after any fetches already on the runner. */
  public Session.Runner fetch(Session.Runner runner) {
    runner.fetch(lossVector).fetch(thetaOut);
    for (Operand<TFloat32> s : stateOut) {
      runner.fetch(s);
    }
    return runner;
  }

  /** Reads what {@link #fetch} fetched, starting at result index {@code offset}. */
  public Outcome read(Result result, int offset) {
    double[] l = Tensors.toDoubles(result.get(offset));
    float[] th = Tensors.toFloats(result.get(offset + 1));
    List<float[]> st = new ArrayList<>();
    for (int i = 0; i < stateOut.size(); i++) {
      st.add(Tensors.toFloats(result.get(offset + 2 + i)));
    }
    return new Outcome(l, new UnrollState(th, st));
  }

  /** The number of tensors {@link #fetch} adds. */
  public int fetchCount() {
    return 2 + stateOut.size();
  }

  /**
   * Runs one unroll forward on the device: from the variables' θ and state (set by {@link #startOnDevice}
   * or by the previous call), writing θ_K and h_K back; only the losses and θ_K are fetched.
   *
   * @param extraFeeds feeds of the caller's own (e.g. the optimizer's weights), added to this call
   */
  public Forward runOnDevice(Session session, Feeds extraFeeds, B batch, int firstStep) {
    try (Feeds feeds = new Feeds()) {
      feedData(feeds, batch, firstStep);
      Session.Runner runner =
          advanceOnDevice(feeds.applyTo(extraFeeds.applyTo(session.runner()))).fetch(lossVector).fetch(thetaOut);
      try (Result result = runner.run()) {
        return new Forward(Tensors.toDoubles(result.get(0)), Tensors.toFloats(result.get(1)));
      }
    }
  }

  /**
   * Runs {@code steps} steps of {@code batch}'s problem on the device: starts it ({@link #startOnDevice}),
   * then calls {@link #runOnDevice} every K steps.
   *
   * @param extraFeeds feeds of the caller's own (e.g. the optimizer's weights), added to every call
   * @throws IllegalArgumentException if {@code steps} is not positive
   */
  public Trajectory trajectory(Session session, Feeds extraFeeds, B batch, int steps) {
    if (steps <= 0) {
      throw new IllegalArgumentException("steps must be positive, got " + steps);
    }
    double[] losses = new double[steps + 1];
    Map<Integer, float[]> parameters = new TreeMap<>();
    startOnDevice(session, batch);
    for (int done = 0; done < steps; ) {
      Forward forward = runOnDevice(session, extraFeeds, batch, done);
      System.arraycopy(forward.losses(), 0, losses, done, Math.min(this.steps, steps - done) + 1);
      done += this.steps;
      if (done <= steps) {
        parameters.put(done, forward.theta());
      }
    }
    return new Trajectory(losses, parameters);
  }

  /**
   * What {@link #trajectory} gives.
   *
   * @param losses f(θ_t) for t = 0..steps
   * @param parameters θ_t at every unroll boundary t = K, 2K, .. up to steps, by t
   */
  public record Trajectory(double[] losses, Map<Integer, float[]> parameters) {}

  /**
   * What {@link #runOnDevice} gave.
   *
   * @param losses f(θ_t) for t = 0..K
   * @param theta θ_K (the optimizer's state stays on the device)
   */
  public record Forward(double[] losses, float[] theta) {}

  /**
   * What one unroll gave.
   *
   * @param losses f(θ_t) for t = 0..K
   * @param next the values to carry into the next unroll; null when they stayed on the device
   */
  public record Outcome(double[] losses, UnrollState next) {}
}
