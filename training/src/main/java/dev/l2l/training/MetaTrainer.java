package dev.l2l.training;

import dev.l2l.core.Feeds;
import dev.l2l.core.GraphSession;
import dev.l2l.core.RunTrace;
import dev.l2l.core.Seeds;
import dev.l2l.core.SessionConfig;
import dev.l2l.core.Tensors;
import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.LstmOptimizer;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.optimizers.learned.LstmExecution;
import dev.l2l.tasks.ProblemBatch;
import dev.l2l.tasks.TaskFamily;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Meta-trains the LSTM optimizer by truncated backpropagation through time (spec section 5):
 *
 * <pre>
 *   for each outer step: a fresh batch of problems, zero LSTM state
 *     for each of the unrolls: run K inner steps in one session call; the meta-loss is the sum of the
 *       inner losses (see {@link MetaLoss}); its gradient w.r.t. φ comes from TensorFlow's symbolic
 *       gradients; one {@link MetaAdam} step updates φ; θ and the LSTM state carry over as values
 *   every validateEvery outer steps: the mean final loss on validation problems picks the best φ
 * </pre>
 *
 * The graph is built once, in the constructor; training adds no ops. A meta-loss or meta-gradient that
 * is not finite is never applied: the update is skipped, the problem dropped, and the event counted;
 * too many in a row stop training with a {@link DivergenceException}.
 *
 * <p>Owns a graph and a session: use it in try-with-resources.
 *
 * @param <B> the task's batch type
 */
public final class MetaTrainer<B extends ProblemBatch> implements AutoCloseable {
  /** Skipped unrolls in a row after which training stops. */
  public static final int MAX_CONSECUTIVE_SKIPS = 20;
  /** Failed unrolls in a row after which the weights are rolled back to the best ones. */
  public static final int ROLLBACK_AFTER = 5;
  /** Rollbacks after which the next one stops training instead. */
  public static final int MAX_ROLLBACKS = 10;
  /** An unroll's meta-loss above this × unroll length × its problem's initial loss counts as exploding. */
  public static final double EXPLOSION_FACTOR = 1e4;
  /**
   * A meta-gradient whose global norm is above this × the median norm of the last {@value
   * #GRADIENT_NORM_WINDOW} applied ones (once {@value #GRADIENT_NORM_WARM_UP} have been applied) counts
   * as exploding, finite or not; the reasons and the measurements behind the numbers are in {@code
   * GradientNorms}.
   */
  public static final double GRADIENT_SPIKE_FACTOR = GradientNorms.SPIKE_FACTOR;
  /** Applied meta-gradients whose norms make the baseline for {@link #GRADIENT_SPIKE_FACTOR}. */
  public static final int GRADIENT_NORM_WINDOW = GradientNorms.WINDOW;
  /** Applied meta-gradients needed before a norm can count as a spike. */
  public static final int GRADIENT_NORM_WARM_UP = GradientNorms.WARM_UP;

  private final TaskFamily<B> family;
  private final MetaTrainingConfig config;
  private final GraphSession graph;
  private final List<Placeholder<TFloat32>> weightInputs;
  private final Unroll<B> unroll;
  private final Operand<TFloat32> metaLoss;
  private final List<Operand<TFloat32>> metaGradients = new ArrayList<>();
  private final List<Shape> weightShapes = new ArrayList<>();
  /** The batch whose θ and LSTM state are in the graph's variables (set by startOnDevice). */
  private B onDevice;
  /** The inner step those variables are at: 0 after startOnDevice, + K after each unroll on the device. */
  private int stepOnDevice;

  public MetaTrainer(TaskFamily<B> family, MetaTrainingConfig config, SessionConfig sessionConfig) {
    this(family, config, sessionConfig, LstmExecution.DEFAULT);
  }

  /**
   * A meta-trainer whose LSTM graph is laid out as {@code execution} says (row blocks, fused or
   * TensorFlow cell: the same numbers up to float rounding; for benchmarks).
   */
  public MetaTrainer(
      TaskFamily<B> family, MetaTrainingConfig config, SessionConfig sessionConfig, LstmExecution execution) {
    this.family = family;
    this.config = config;
    GraphSession g = new GraphSession(sessionConfig);
    try {
      Ops tf = g.tf();
      LstmConfig lstm = config.lstm();
      weightInputs = LearnedOptimizers.placeholders(tf, lstm);
      for (LstmConfig.WeightSpec spec : lstm.weightSpecs()) {
        weightShapes.add(Shape.of(spec.shape()));
      }
      LstmOptimizer optimizer = new LstmOptimizer(lstm, weightInputs, execution);
      unroll = new Unroll<>(tf, family, optimizer, config.unrollSteps());
      List<Operand<TFloat32>> losses = unroll.losses();
      int from = config.metaLoss() == MetaLoss.AFTER_UPDATE ? 1 : 0;
      metaLoss = tf.withName("meta_loss").math.addN(new ArrayList<>(losses.subList(from, from + config.unrollSteps())));
      // f(θ_t) depends on the updates of steps 0..t−1: the meta-loss on those of its last term.
      int stepsUsed = from + config.unrollSteps() - 1;
      metaGradients.addAll(optimizer.weightGradients(tf.withSubScope("meta_gradient"), metaLoss, stepsUsed));
    } catch (RuntimeException e) {
      g.close();
      if (config.lstm().secondOrder() && String.valueOf(e.getMessage()).contains("No gradient defined for op")) {
        throw new IllegalArgumentException(
            "second-order meta-gradients need the second derivative of every op of the task, and TensorFlow has "
                + "none for one of this task's ops (" + e.getMessage().trim() + "); train this task with first-order "
                + "meta-gradients (the paper's choice, the default)", e);
      }
      throw e;
    }
    this.graph = g;
  }

  public MetaTrainingConfig config() {
    return config;
  }

  /** The meta-training graph, for tests that inspect its structure. */
  org.tensorflow.Graph graph() {
    return graph.graph();
  }

  /** The number of ops in the meta-training graph. */
  public int operationCount() {
    return graph.operationCount();
  }

  /**
   * What one unroll gave.
   *
   * @param metaLoss the summed inner losses
   * @param gradients ∂ metaLoss / ∂φ, one array per weight tensor
   * @param outcome the inner losses and the carried values (null {@code next} after {@link #unrollOnDevice})
   */
  public record UnrollResult(double metaLoss, List<float[]> gradients, Unroll.Outcome outcome) {
    /** The global (Euclidean) norm of all the gradients together, in double precision. */
    public double gradientNorm() {
      double sq = 0;
      for (float[] g : gradients) {
        for (float x : g) {
          sq += (double) x * x;
        }
      }
      return Math.sqrt(sq);
    }

    /** True when the meta-loss and every gradient are finite. */
    public boolean isFinite() {
      if (!Double.isFinite(metaLoss)) {
        return false;
      }
      for (float[] g : gradients) {
        for (float x : g) {
          if (!Float.isFinite(x)) {
            return false;
          }
        }
      }
      return true;
    }
  }

  /** The carried values at the start of a problem: θ₀ and a zero LSTM state. */
  public UnrollState start(B batch) {
    return unroll.start(batch);
  }

  /** Runs one unroll with weights φ and returns the meta-loss and its gradient. */
  public UnrollResult unroll(List<float[]> weights, B batch, UnrollState carried, int firstStep) {
    return runUnroll(weights, batch, carried, firstStep, null);
  }

  /**
   * Runs one unroll like {@link #unroll}, with TensorFlow's full trace: which devices ran its ops and the
   * time per op type. Slower than an untraced unroll; for profiling and for reporting where ops ran.
   */
  public RunTrace traceUnroll(List<float[]> weights, B batch, UnrollState carried, int firstStep) {
    RunTrace[] trace = new RunTrace[1];
    runUnroll(weights, batch, carried, firstStep, trace);
    return trace[0];
  }

  /**
   * Starts a problem for {@link #unrollOnDevice}: θ₀ of {@code batch} and a zero LSTM state, put in the
   * graph's variables on the session's device, at inner step 0. {@link #train} meta-trains this way.
   */
  public void startOnDevice(B batch) {
    unroll.startOnDevice(graph.session(), batch);
    onDevice = batch;
    stepOnDevice = 0;
  }

  /**
   * Runs the next unroll of the problem on the device, like {@link #unroll}: θ and the LSTM state are read
   * from the graph's variables (set by {@link #startOnDevice} or by the previous unroll, which also fixes
   * the inner step it starts at) and written back, so only the weights, the task's data, the losses and
   * the meta-gradient cross between host and device. The same numbers as {@link #unroll} from the same
   * carried values; the outcome's {@code next} is null.
   *
   * @throws IllegalStateException if no problem was started with {@link #startOnDevice}
   * @throws IllegalArgumentException if {@code batch} is not the one last given to {@link #startOnDevice}
   */
  public UnrollResult unrollOnDevice(List<float[]> weights, B batch) {
    checkOnDevice(batch);
    return runUnroll(weights, batch, null, stepOnDevice, null);
  }

  /** {@link #unrollOnDevice} with TensorFlow's full trace (see {@link #traceUnroll}). */
  public RunTrace traceUnrollOnDevice(List<float[]> weights, B batch) {
    checkOnDevice(batch);
    RunTrace[] trace = new RunTrace[1];
    runUnroll(weights, batch, null, stepOnDevice, trace);
    return trace[0];
  }

  private void checkOnDevice(B batch) {
    if (onDevice == null) {
      throw new IllegalStateException("no problem on the device yet: call startOnDevice(batch) before unrollOnDevice");
    }
    if (batch != onDevice) {
      throw new IllegalArgumentException("θ and the LSTM state on the device belong to the batch given to "
          + "startOnDevice, not to this one: call startOnDevice(batch) with this batch first");
    }
  }

  /** One unroll; {@code carried} null: carried on the device. {@code trace} non-null: traced, into trace[0]. */
  private UnrollResult runUnroll(List<float[]> weights, B batch, UnrollState carried, int firstStep, RunTrace[] trace) {
    Session session = graph.session();
    try (Feeds feeds = new Feeds()) {
      feedWeights(feeds, weights);
      if (carried == null) {
        unroll.feedData(feeds, batch, firstStep);
      } else {
        unroll.feed(feeds, batch, carried, firstStep);
      }
      Session.Runner runner = feeds.applyTo(session.runner()).fetch(metaLoss);
      for (Operand<TFloat32> g : metaGradients) {
        runner.fetch(g);
      }
      if (carried == null) {
        unroll.advanceOnDevice(runner).fetch(unroll.lossVector());
      } else {
        unroll.fetch(runner);
      }
      try (Result result = trace == null ? runner.run() : RunTrace.traced(runner).runAndFetchMetadata()) {
        if (trace != null) {
          trace[0] = RunTrace.of(result, graph.graph());
        }
        double loss = Tensors.toScalar(result.get(0));
        List<float[]> gradients = new ArrayList<>();
        for (int i = 0; i < metaGradients.size(); i++) {
          gradients.add(Tensors.toFloats(result.get(1 + i)));
        }
        if (carried == null) {
          stepOnDevice = firstStep + unroll.steps();
        }
        int offset = 1 + metaGradients.size();
        Unroll.Outcome outcome = carried == null
            ? new Unroll.Outcome(Tensors.toDoubles(result.get(offset)), null)
            : unroll.read(result, offset);
        return new UnrollResult(loss, gradients, outcome);
      }
    }
  }

  /**
   * Runs the optimizer with weights φ for {@code steps} inner steps (forward only): f(θ_t), t = 0..steps.
   * θ and the LSTM state are carried on the device, in the variables {@link #unrollOnDevice} uses: a problem
   * started with {@link #startOnDevice} has to be started again afterwards.
   */
  public double[] evaluate(List<float[]> weights, B batch, int steps) {
    onDevice = null; // the evaluation's problem takes the graph's variables: a started problem must start again
    try (Feeds weightFeeds = new Feeds()) {
      feedWeights(weightFeeds, weights);
      return unroll.trajectory(graph.session(), weightFeeds, batch, steps).losses();
    }
  }

  /** The mean final loss of φ on the validation problems (after {@link MetaTrainingConfig#stepsPerProblem()} steps). */
  public double validationLoss(List<float[]> weights) {
    ProblemSet validation = validationProblems();
    double total = 0;
    for (int i = 0; i < validation.batches(); i++) {
      double[] l = evaluate(weights, family.sample(validation.batchSeed(i)), config.stepsPerProblem());
      total += l[l.length - 1];
    }
    double mean = total / validation.batches();
    return Double.isFinite(mean) ? mean : Double.POSITIVE_INFINITY;
  }

  /** The validation problems: stream {@code validation} of the training seed. */
  public ProblemSet validationProblems() {
    return new ProblemSet("validation", config.seed(), config.validationBatches());
  }

  /** The problem batch of outer step {@code outer}: stream {@code meta-training} of the training seed. */
  public B trainingBatch(int outer) {
    return family.sample(Seeds.derive(config.seed(), "meta-training", outer));
  }

  /** Meta-trains from fresh weights (seeded by the training seed). */
  public TrainingResult train(TrainingListener listener) {
    return train(LstmWeights.initial(config.lstm(), Seeds.derive(config.seed(), "initial-weights")), listener);
  }

  /** Meta-trains from {@code initial} for the configured number of outer steps. */
  public TrainingResult train(LstmWeights initial, TrainingListener listener) {
    return train(initialState(initial), listener, s -> {});
  }

  /**
   * The state before the first outer step: φ = {@code initial}, fresh Adam, φ validated as the best so far.
   *
   * @throws IllegalArgumentException if {@code initial} holds a NaN or infinite weight (no unroll could be applied)
   */
  public TrainingState initialState(LstmWeights initial) {
    if (!initial.isFinite()) {
      throw new IllegalArgumentException("the initial LSTM weights hold a NaN or infinite value; meta-training cannot "
          + "start from them (start from a checkpoint written by a run that did not diverge, or from fresh weights)");
    }
    List<double[]> zeros = new ArrayList<>();
    for (float[] w : initial.all()) {
      zeros.add(new double[w.length]);
    }
    return new TrainingState(
        0, initial.all(), 0, zeros, zeros, initial.all(), validationLoss(initial.all()), 0, 0, 0, 0, new double[0]);
  }

  /** The fresh-weights initial state ({@link #train(TrainingListener)} starts from it). */
  public TrainingState initialState() {
    return initialState(LstmWeights.initial(config.lstm(), Seeds.derive(config.seed(), "initial-weights")));
  }

  /** Told the training state at every validation (every {@code validateEvery} outer steps and at the end). */
  @FunctionalInterface
  public interface Snapshots {
    void save(TrainingState state);
  }

  /**
   * Meta-trains from {@code from} up to the configured number of outer steps. Resuming from a saved
   * state gives the same weights as a run that was never interrupted (same settings, same machine).
   *
   * <p>An unroll whose meta-loss or meta-gradient is not finite, whose meta-loss exceeds
   * {@value #EXPLOSION_FACTOR} × unroll length × the problem's initial loss, or whose meta-gradient norm
   * exceeds {@value #GRADIENT_SPIKE_FACTOR} × the median norm of the last {@value #GRADIENT_NORM_WINDOW}
   * applied ones (after {@value #GRADIENT_NORM_WARM_UP} were applied), is never applied: the update
   * is skipped and the rest of that problem dropped. After {@value #ROLLBACK_AFTER} failures in a row the
   * weights go back to the best ones and Adam's moments are reset; after {@value #MAX_CONSECUTIVE_SKIPS}
   * in a row, or when an {@value #MAX_ROLLBACKS}th rollback would not be the last, training stops with a
   * {@link DivergenceException} carrying the best weights.
   */
  public TrainingResult train(TrainingState from, TrainingListener listener, Snapshots snapshots) {
    MetaAdam adam =
        new MetaAdam(config.metaLearningRate(), from.adamStep(), from.adamFirstMoments(), from.adamSecondMoments());
    List<float[]> weights = from.weights();
    List<float[]> best = from.best();
    double bestValidation = from.bestValidationLoss();
    int bestStep = from.bestOuterStep();
    long skipped = from.skippedUnrolls();
    int rollbacks = from.rollbacks();
    int consecutiveSkips = 0;
    GradientNorms norms = new GradientNorms(from.recentGradientNorms());
    long start = System.nanoTime() - (long) (from.elapsedSeconds() * 1e9);
    for (int outer = from.outerStep(); outer < config.outerSteps(); outer++) {
      B batch = trainingBatch(outer);
      startOnDevice(batch);
      double metaLossSum = 0;
      int applied = 0;
      double initialLoss = Double.NaN;
      for (int u = 0; u < config.unrollsPerProblem(); u++) {
        boolean first = outer == from.outerStep() && u == 0;
        RunTrace[] trace = first ? new RunTrace[1] : null;
        UnrollResult r = runUnroll(weights, batch, null, u * config.unrollSteps(), trace);
        if (first) {
          listener.ranOn(trace[0]);
        }
        if (u == 0) {
          initialLoss = r.outcome().losses()[0];
        }
        double norm = r.gradientNorm();
        boolean exploded = r.metaLoss() > EXPLOSION_FACTOR * config.unrollSteps() * Math.abs(initialLoss)
            || norms.isSpike(norm);
        if (!r.isFinite() || exploded) {
          skipped++;
          consecutiveSkips++;
          if (consecutiveSkips >= MAX_CONSECUTIVE_SKIPS
              || (consecutiveSkips % ROLLBACK_AFTER == 0 && rollbacks >= MAX_ROLLBACKS)) {
            throw new DivergenceException(
                "meta-training diverged at outer step " + outer + ": " + skipped + " unrolls gave a non-finite or "
                    + "exploding meta-loss or meta-gradient (" + consecutiveSkips + " in a row); each was skipped and "
                    + "its problem dropped, "
                    + "and the weights were rolled back to the best ones " + rollbacks + " time(s). "
                    + "The best weights so far (validation loss " + bestValidation + " at outer step " + bestStep
                    + ") are kept. Lower the meta learning rate (now " + config.metaLearningRate()
                    + ") or turn on meta-gradient clipping (--clip-norm).",
                new LstmWeights(config.lstm(), best));
          }
          if (consecutiveSkips % ROLLBACK_AFTER == 0) {
            weights = best;
            adam = new MetaAdam(config.metaLearningRate(), sizes(weights));
            rollbacks++;
          }
          break;
        }
        consecutiveSkips = 0;
        norms.add(norm);
        metaLossSum += r.metaLoss();
        applied++;
        weights = adam.apply(weights, clip(r.gradients(), norm));
      }
      double validation = Double.NaN;
      boolean last = outer == config.outerSteps() - 1;
      boolean validating = (outer + 1) % config.validateEvery() == 0 || last;
      if (validating) {
        validation = validationLoss(weights);
        if (validation < bestValidation) {
          bestValidation = validation;
          best = weights;
          bestStep = outer + 1;
        }
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      double meanMetaLoss = applied > 0 ? metaLossSum / applied : Double.NaN;
      listener.onOuterStep(
          new TrainingProgress(
              outer + 1, config.outerSteps(), meanMetaLoss, validation, bestValidation, skipped, elapsed, rollbacks));
      if (validating) {
        snapshots.save(
            new TrainingState(outer + 1, weights, adam.step(), adam.firstMoments(), adam.secondMoments(), best,
                bestValidation, bestStep, skipped, rollbacks, elapsed, norms.toArray()));
      }
    }
    return new TrainingResult(
        new LstmWeights(config.lstm(), best), bestValidation, bestStep, new LstmWeights(config.lstm(), weights),
        skipped, (System.nanoTime() - start) / 1e9, rollbacks);
  }

  private static List<Integer> sizes(List<float[]> weights) {
    List<Integer> s = new ArrayList<>();
    for (float[] w : weights) {
      s.add(w.length);
    }
    return s;
  }

  /** The gradients scaled to global norm {@code clipNorm} if {@code norm}, theirs, is above it (and clipping is on). */
  private List<float[]> clip(List<float[]> gradients, double norm) {
    if (config.clipNorm() == 0 || norm <= config.clipNorm()) {
      return gradients;
    }
    double scale = config.clipNorm() / norm;
    List<float[]> out = new ArrayList<>();
    for (float[] g : gradients) {
      float[] c = new float[g.length];
      for (int i = 0; i < g.length; i++) {
        c[i] = (float) (g[i] * scale);
      }
      out.add(c);
    }
    return out;
  }

  private void feedWeights(Feeds feeds, List<float[]> weights) {
    for (int i = 0; i < weightInputs.size(); i++) {
      feeds.add(weightInputs.get(i), weightShapes.get(i), weights.get(i));
    }
  }

  @Override
  public void close() {
    graph.close();
  }
}
