package dev.l2l.training.attach;

import dev.l2l.core.ResourceVariables;
import dev.l2l.optimizers.Optimizer;
import dev.l2l.optimizers.OptimizerStep;
import dev.l2l.training.OptimizerFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.ReadVariableOp;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;

/**
 * Any optimizer of this library — the learned LSTM optimizer or SGD, momentum, NAG, RMSprop, Adam —
 * attached to a user's own graph. For a scalar loss f and the variables θ⁽¹⁾…θ⁽ᵏ⁾ named by the caller,
 * one run of {@link #trainOp()} does
 *
 * <pre>
 *   for every named variable i:   g⁽ⁱ⁾ = ∂f/∂θ⁽ⁱ⁾ (θ_t)
 *                                 [u⁽ⁱ⁾, h⁽ⁱ⁾'] = opt.step(g⁽ⁱ⁾, h⁽ⁱ⁾)        (the library's own step code)
 *   then, after every read:       θ⁽ⁱ⁾ ← θ⁽ⁱ⁾ + u⁽ⁱ⁾,   h⁽ⁱ⁾ ← h⁽ⁱ⁾'
 * </pre>
 *
 * <p>It is the same {@link Optimizer#step} that meta-training and {@code Evaluation} run, so an attached
 * optimizer follows the same trajectory as the library's evaluation of it. The state h⁽ⁱ⁾ lives in
 * float32 resource variables added to the graph, <b>one set per variable</b> in the optimizer's
 * {@link Optimizer#stateShapes} for that variable's shape (the LSTM is coordinatewise: every
 * coordinate of every variable is one row of its state; Adam keeps its own step count per variable).
 * Variables not named are never written. A learned optimizer brings the preprocessing and output scale
 * it was trained with (they are part of its {@link dev.l2l.optimizers.learned.LstmConfig}).
 *
 * <p>Run {@link #initOp()} once before training, {@link #trainOp()} once per step (fetch {@link
 * #loss()} in the same call to get f(θ_t) before the update), and {@link #resetOp()} to start the
 * optimizer afresh on a new problem. A graph builder: it adds ops to the caller's graph and owns no
 * native handle (the caller's Graph and Session do).
 */
public final class AttachedOptimizer {
  private final String optimizerName;
  private final Operand<TFloat32> loss;
  private final List<TrainableVariable> variables;
  private final List<Operand<TFloat32>> gradients;
  private final long stateSize;
  private final Op trainOp;
  private final Op resetOp;
  private final Op initOp;

  private AttachedOptimizer(
      String optimizerName,
      Operand<TFloat32> loss,
      List<TrainableVariable> variables,
      List<Operand<TFloat32>> gradients,
      long stateSize,
      Op trainOp,
      Op resetOp,
      Op initOp) {
    this.optimizerName = optimizerName;
    this.loss = loss;
    this.variables = variables;
    this.gradients = gradients;
    this.stateSize = stateSize;
    this.trainOp = trainOp;
    this.resetOp = resetOp;
    this.initOp = initOp;
  }

  /** Attaches a hand-crafted optimizer (e.g. {@code new Adam(0.001)}); see the class comment. */
  public static AttachedOptimizer attach(
      Ops tf, Optimizer optimizer, Operand<TFloat32> loss, List<TrainableVariable> variables) {
    return attach(tf, OptimizerFactory.of(optimizer), loss, variables);
  }

  /**
   * Attaches the optimizer made by {@code optimizer} (e.g. {@link
   * dev.l2l.training.LearnedOptimizers#withWeights}, or {@link Pretrained}) to train {@code variables}
   * on {@code loss}.
   *
   * @param loss a float32 scalar built from the variables' {@link TrainableVariable#value()} reads
   * @param variables the variables to train (at least one, each once); no other variable is touched
   * @throws IllegalArgumentException naming what is wrong: no variables, a repeated one, a loss that is
   *     not a scalar, a variable the loss does not use or reads through another ReadVariableOp
   */
  public static AttachedOptimizer attach(
      Ops tf, OptimizerFactory optimizer, Operand<TFloat32> loss, List<TrainableVariable> variables) {
    validate(loss, variables);
    Ops scope = tf.withSubScope("l2l_optimizer");
    Optimizer opt = optimizer.create(scope);
    List<Operand<TFloat32>> values = new ArrayList<>();
    for (TrainableVariable v : variables) {
      values.add(v.value());
    }
    Gradients grad = scope.withSubScope("gradients")
        .gradients(loss, values, Gradients.dx(List.of(scope.constant(1f))));

    Parts parts = new Parts(loss);
    for (int i = 0; i < variables.size(); i++) {
      parts.add(scope, opt, variables.get(i), grad.dy(i));
    }
    // Every write waits for every value of this step, so no variable changes before all are read.
    Ops ordered = scope.withSubScope("write").withControlDependencies(parts.computed);
    List<Op> assigns = new ArrayList<>();
    for (Write w : parts.writes) {
      assigns.add(ordered.assignVariableOp(w.handle(), w.value()));
    }
    Op train = scope.withControlDependencies(assigns).withName("train").noOp();
    Op reset = scope.withControlDependencies(parts.resets).withName("reset").noOp();
    List<Op> inits = new ArrayList<>(List.of(reset));
    for (TrainableVariable v : variables) {
      inits.add(v.initializer());
    }
    Op init = scope.withControlDependencies(inits).withName("init").noOp();
    return new AttachedOptimizer(
        opt.name(), loss, List.copyOf(variables), List.copyOf(parts.gradients), parts.stateSize, train, reset, init);
  }

  private record Write(Operand<?> handle, Operand<TFloat32> value) {}

  /** What the step of every variable adds: the values computed, the writes to make, the state resets. */
  private static final class Parts {
    final List<Op> computed = new ArrayList<>();
    final List<Write> writes = new ArrayList<>();
    final List<Op> resets = new ArrayList<>();
    final List<Operand<TFloat32>> gradients = new ArrayList<>();
    long stateSize;

    Parts(Operand<TFloat32> loss) {
      computed.add(loss);
    }

    /** Adds variable {@code v}'s state variables, its optimizer step and its writes. */
    void add(Ops scope, Optimizer opt, TrainableVariable v, Operand<TFloat32> gradient) {
      Ops vs = scope.withSubScope(TrainableVariable.opName(v.name()));
      gradients.add(gradient);
      List<Shape> shapes = opt.stateShapes(v.shape());
      List<Operand<?>> handles = new ArrayList<>();
      List<Operand<TFloat32>> state = new ArrayList<>();
      for (int s = 0; s < shapes.size(); s++) {
        Ops ss = vs.withSubScope("state" + s);
        VarHandleOp h =
            ResourceVariables.float32(ss.withName("handle"), TrainableVariable.opName(v.name()) + "_state" + s, shapes.get(s));
        handles.add(h);
        state.add(ss.withName("read").readVariableOp(h, TFloat32.class));
        resets.add(ss.withName("reset").assignVariableOp(h, ResourceVariables.zeros(ss, shapes.get(s))));
        stateSize += shapes.get(s).size();
      }
      OptimizerStep step = opt.step(vs.withSubScope("step"), gradient, state);
      if (step.state().size() != shapes.size()) {
        throw new IllegalStateException(opt.name() + " returned " + step.state().size()
            + " state tensors, its stateShapes says " + shapes.size());
      }
      Operand<TFloat32> next = vs.math.add(v.value(), step.update());
      writes.add(new Write(v.handle(), next));
      computed.add(next);
      for (int s = 0; s < shapes.size(); s++) {
        writes.add(new Write(handles.get(s), step.state().get(s)));
        computed.add(step.state().get(s));
      }
    }
  }

  /** Refuses what cannot be trained, naming the problem and the fix. */
  private static void validate(Operand<TFloat32> loss, List<TrainableVariable> variables) {
    if (loss == null) {
      throw new IllegalArgumentException("loss must be given (a float32 scalar operand)");
    }
    if (!(loss.op() instanceof GraphOperation)) {
      throw new IllegalArgumentException("the loss must be an operand of a Graph (graph mode); eager mode is not supported");
    }
    if (variables == null || variables.isEmpty()) {
      throw new IllegalArgumentException(
          "no variables to train: name at least one TrainableVariable the loss is built from");
    }
    Shape shape = loss.shape();
    if (shape.isUnknown() || shape.numDimensions() != 0) {
      throw new IllegalArgumentException(
          "the loss must be a scalar, got shape " + shape + " (reduce it, e.g. tf.math.mean over all axes)");
    }
    Map<String, TrainableVariable> byHandle = new HashMap<>();
    for (TrainableVariable v : variables) {
      if (v == null) {
        throw new IllegalArgumentException("the list of variables holds a null");
      }
      if (v.value().env() != loss.env()) {
        throw new IllegalArgumentException(v + " belongs to another graph than the loss");
      }
      if (byHandle.put(v.handle().op().name(), v) != null) {
        throw new IllegalArgumentException(v + " is named twice; name each variable once");
      }
    }
    Set<String> used = new HashSet<>();
    Set<String> seen = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>();
    todo.push((GraphOperation) loss.op());
    while (!todo.isEmpty()) {
      GraphOperation op = todo.pop();
      if (!seen.add(op.name())) {
        continue;
      }
      if (ReadVariableOp.OP_NAME.equals(op.type())) {
        TrainableVariable v = byHandle.get(op.input(0).op().name());
        if (v != null) {
          if (!op.name().equals(v.value().op().name())) {
            throw new IllegalArgumentException(
                "the loss reads " + v + " through " + op.name() + ", not through its value() "
                    + v.value().op().name() + ": the gradient would miss that use; build the loss from value()");
          }
          used.add(op.name());
        }
      }
      for (int i = 0; i < op.numInputs(); i++) {
        todo.push((GraphOperation) op.input(i).op());
      }
    }
    for (TrainableVariable v : variables) {
      if (!used.contains(v.value().op().name())) {
        throw new IllegalArgumentException(
            "the loss does not depend on " + v + ": build the loss from its value(), or do not name it");
      }
    }
  }

  /** The optimizer's short name, e.g. {@code LSTM} or {@code Adam}. */
  public String optimizerName() {
    return optimizerName;
  }

  /** The loss this optimizer minimises; fetched with {@link #trainOp()} it is f(θ_t) before the update. */
  public Operand<TFloat32> loss() {
    return loss;
  }

  /** The trained variables, in the order given. */
  public List<TrainableVariable> variables() {
    return variables;
  }

  /** ∂f/∂θ⁽ⁱ⁾ for each trained variable, in the order given (what the optimizer sees). */
  public List<Operand<TFloat32>> gradients() {
    return gradients;
  }

  /** The number of float32 values of optimizer state over all variables (LSTM 2·layers·H per coordinate). */
  public long stateSize() {
    return stateSize;
  }

  /** One optimizer step: gradients, the optimizer's step, θ ← θ + update and the new state. */
  public Op trainOp() {
    return trainOp;
  }

  /** Sets the optimizer's state to zeros (a new problem); the variables keep their values. */
  public Op resetOp() {
    return resetOp;
  }

  /** {@link #resetOp()} and every trained variable's {@link TrainableVariable#initializer()}. */
  public Op initOp() {
    return initOp;
  }
}
