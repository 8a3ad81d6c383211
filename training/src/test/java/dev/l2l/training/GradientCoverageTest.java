package dev.l2l.training;

import static dev.l2l.core.NumericAsserts.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.Feeds;
import dev.l2l.core.GraphSession;
import dev.l2l.core.Tensors;
import dev.l2l.optimizers.Adam;
import dev.l2l.optimizers.HandCraftedOptimizer;
import dev.l2l.optimizers.Momentum;
import dev.l2l.optimizers.Nag;
import dev.l2l.optimizers.Optimizer;
import dev.l2l.optimizers.RmsProp;
import dev.l2l.optimizers.Sgd;
import dev.l2l.optimizers.learned.LstmCellKernel;
import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.LstmExecution;
import dev.l2l.optimizers.learned.LstmOptimizer;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.optimizers.learned.Preprocessing;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Every op type the library emits into an inner-loop graph has a gradient: the unrolled graph of each
 * hand-crafted optimizer is differentiated w.r.t. θ₀ (which goes through the task's own gradient ops:
 * second order), and the LSTM's w.r.t. its weights and θ₀, for every preprocessing, both orders and both
 * cell kernels (l2l's fused one and TensorFlow's ops).
 * The union of the forward op types is compared with the list below, so a new op type in the library
 * shows up here and gets covered.
 */
class GradientCoverageTest {
  private static final QuadraticFamily FAMILY =
      new QuadraticFamily(QuadraticConfig.defaults().withBatchSize(2).withDimension(3));
  private static final int STEPS = 3;
  private static final Set<String> SEEN = new TreeSet<>();

  /** The op types of the forward (unrolled) graphs of the library, before any meta-gradient. */
  private static final Set<String> EXPECTED = new TreeSet<>(List.of(
      // the quadratic's loss
      "BatchMatMulV3", "ExpandDims", "Squeeze", "SquaredDifference", "Sum", "Mul",
      // its symbolic gradient inside the unroll (differentiated again for θ₀ and second-order LSTMs)
      "BroadcastGradientArgs", "Cast", "DynamicStitch", "Mod", "OnesLike", "Range", "Reshape", "Shape", "Size",
      "Tile", "Neg", "Sub",
      // hand-crafted optimizers
      "Add", "Div", "Pow", "Sqrt", "Square",
      // the LSTM and its preprocessing
      "StopGradient", "MatMul", "ConcatV2", "Split", "Sigmoid", "Tanh", "Abs", "Log", "Maximum", "Sign",
      "GreaterEqual", "SelectV2", "ClipByValue", "Identity",
      // the LSTM's cell as l2l's fused kernel (its gradient op, L2lLstmCellGrad, appears in meta-gradients only)
      "L2lLstmCell",
      // the MLP task (softmax cross-entropy, sigmoid/ReLU layers) and its inner gradient (stopped, first order only)
      "AddN", "Exp", "Max", "Pad", "Rank", "Reciprocal", "Relu", "ReluGrad", "SigmoidGrad",
      // plumbing
      "Const", "Placeholder", "Pack", "Slice",
      // θ and the optimizer state carried on the device: their variables, read as the default of θ₀ and h₀
      // (gradients are taken with respect to θ₀ itself, never through the reads), and their assignments
      "VarHandleOp", "ReadVariableOp", "PlaceholderWithDefault", "AssignVariableOp", "Fill", "NoOp"));

  private static Set<String> opTypes(GraphSession g) {
    Set<String> types = new TreeSet<>();
    for (Iterator<GraphOperation> it = g.graph().operations(); it.hasNext(); ) {
      types.add(it.next().type());
    }
    return types;
  }

  /** Gradient of Σ_t f(θ_t) over the unroll w.r.t. θ₀, built and evaluated. */
  private static double[] thetaGradient(Optimizer optimizer, QuadraticBatch batch, double[] theta0) {
    try (GraphSession g = new GraphSession()) {
      Ops tf = g.tf();
      Unroll<QuadraticBatch> unroll = new Unroll<>(tf, FAMILY, optimizer, STEPS);
      SEEN.addAll(opTypes(g));
      Operand<TFloat32> total = tf.math.addN(unroll.losses());
      Operand<?> theta = g.graph().operation("unroll/theta0").output(0);
      Gradients grads = tf.gradients(total, List.<Operand<?>>of(theta), Gradients.dx(List.of(tf.constant(1f))));
      try (Feeds feeds = new Feeds()) {
        UnrollState start = new UnrollState(Tensors.toFloats(theta0), unroll.start(batch).optimizerState());
        unroll.feed(feeds, batch, start, 0);
        try (Result r = feeds.applyTo(g.session().runner()).fetch(grads.dy(0)).run()) {
          return Tensors.toDoubles(r.get(0));
        }
      }
    }
  }

  private static double[] centralDifferences(ToDoubleFunction<double[]> f, double[] x, double h) {
    double[] g = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      double[] p = x.clone();
      double[] m = x.clone();
      p[k] += h;
      m[k] -= h;
      g[k] = (f.applyAsDouble(p) - f.applyAsDouble(m)) / (2 * h);
    }
    return g;
  }

  private static void assertFinite(double[] g, String what) {
    for (double x : g) {
      assertTrue(Double.isFinite(x), what + ": " + Arrays.toString(g));
    }
    assertTrue(Arrays.stream(g).anyMatch(x -> x != 0), what + " is not all zero: " + Arrays.toString(g));
  }

  @Test
  void handCraftedUnrollsAreDifferentiableWithRespectToTheta0() {
    QuadraticBatch batch = FAMILY.sample(8);
    double[] theta0 = QuadraticReference.theta0(batch);
    List<HandCraftedOptimizer> all = List.of(new Sgd(0.1), new Momentum(0.05), new Nag(0.05), new RmsProp(0.01), new Adam(0.05));
    for (HandCraftedOptimizer opt : all) {
      double[] g = thetaGradient(opt, batch, theta0);
      assertEquals(theta0.length, g.length);
      assertFinite(g, opt.name());
    }
    // SGD and momentum against finite differences of the double-precision unroll
    ToDoubleFunction<double[]> sgd = t -> Arrays.stream(QuadraticReference.sgd(batch, t, 0.1, STEPS)).sum();
    ToDoubleFunction<double[]> momentum =
        t -> Arrays.stream(QuadraticReference.momentum(batch, t, 0.05, 0.9, STEPS)).sum();
    double[] fdSgd = centralDifferences(sgd, theta0, 1e-5);
    double[] fdMomentum = centralDifferences(momentum, theta0, 1e-5);
    double scale = Arrays.stream(fdSgd).map(Math::abs).max().orElseThrow();
    assertAllClose(fdSgd, thetaGradient(new Sgd(0.1), batch, theta0), 1e-3, 1e-4 * scale, "SGD dΣf/dθ₀");
    scale = Arrays.stream(fdMomentum).map(Math::abs).max().orElseThrow();
    assertAllClose(fdMomentum, thetaGradient(new Momentum(0.05), batch, theta0), 1e-3, 1e-4 * scale,
        "momentum dΣf/dθ₀");
  }

  @Test
  void lstmUnrollsAreDifferentiableWithRespectToWeightsAndTheta0() {
    QuadraticBatch batch = FAMILY.sample(9);
    List<LstmConfig> configs = new ArrayList<>();
    for (Preprocessing p : Preprocessing.values()) {
      for (boolean secondOrder : new boolean[] {false, true}) {
        configs.add(LstmConfig.defaults().withHiddenUnits(4).withPreprocessing(p).withSecondOrder(secondOrder).withOutputScale(0.1));
      }
    }
    for (LstmCellKernel cell : List.of(LstmCellKernel.FUSED, LstmCellKernel.TENSORFLOW_OPS)) {
      for (LstmConfig config : configs) {
        assertLstmGradientsFinite(FAMILY, batch, config, cell, true, config + " " + cell);
      }
    }
  }

  /**
   * Builds an unroll of the LSTM on {@code family}, differentiates the summed losses w.r.t. the LSTM's
   * weights (and θ₀ when {@code alsoTheta0}), runs it on {@code batch} and checks every gradient is finite
   * and not all zero.
   */
  private static <B extends dev.l2l.tasks.ProblemBatch> void assertLstmGradientsFinite(
      dev.l2l.tasks.TaskFamily<B> family, B batch, LstmConfig config, LstmCellKernel cell, boolean alsoTheta0,
      String what) {
    try (GraphSession g = new GraphSession()) {
      Ops tf = g.tf();
      List<Placeholder<TFloat32>> phi = LearnedOptimizers.placeholders(tf, config);
      Unroll<B> unroll = new Unroll<>(tf, family, new LstmOptimizer(config, phi, LstmExecution.DEFAULT.withCell(cell)), STEPS);
      SEEN.addAll(opTypes(g));
      List<Operand<?>> wrt = new ArrayList<>(phi);
      if (alsoTheta0) {
        wrt.add(g.graph().operation("unroll/theta0").output(0));
      }
      Gradients grads = tf.gradients(tf.math.addN(unroll.losses()), wrt, Gradients.dx(List.of(tf.constant(1f))));
      LstmWeights w = LstmWeights.initial(config, 1);
      try (Feeds feeds = new Feeds()) {
        for (int i = 0; i < phi.size(); i++) {
          feeds.add(phi.get(i), org.tensorflow.ndarray.Shape.of(config.weightSpecs().get(i).shape()), w.get(i));
        }
        unroll.feed(feeds, batch, unroll.start(batch), 0);
        Session.Runner runner = feeds.applyTo(g.session().runner());
        for (int i = 0; i < wrt.size(); i++) {
          runner.fetch(grads.dy(i));
        }
        try (Result r = runner.run()) {
          for (int i = 0; i < wrt.size(); i++) {
            assertFinite(Tensors.toDoubles(r.get(i)), what + " gradient " + i);
          }
        }
      }
    }
  }

  /**
   * The MLP task (sigmoid and ReLU, two hidden layers) under the first-order LSTM: the meta-gradient goes
   * through the MLP's loss (first derivatives of its ops; its inner gradient is stopped). Second order is
   * refused for it (TensorFlow has no gradient of SigmoidGrad; see MnistMetaTrainingTest).
   */
  @Test
  void mlpUnrollsAreDifferentiableWithRespectToTheLstmWeights() {
    java.util.Random random = new java.util.Random(5);
    float[] images = new float[40 * 16];
    int[] labels = new int[40];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextInt(dev.l2l.tasks.mnist.MnistData.CLASSES);
    }
    dev.l2l.tasks.mnist.MnistData data = dev.l2l.tasks.mnist.MnistData.of(images, labels, 4, 4);
    LstmConfig config = LstmConfig.defaults().withHiddenUnits(4).withPreprocessing(Preprocessing.LOG_SIGN);
    for (dev.l2l.tasks.mnist.MlpConfig.Activation activation : dev.l2l.tasks.mnist.MlpConfig.Activation.values()) {
      dev.l2l.tasks.mnist.MlpFamily family = new dev.l2l.tasks.mnist.MlpFamily(
          dev.l2l.tasks.mnist.MlpConfig.defaults().withHidden(List.of(3, 3)).withActivation(activation).withMinibatch(8), data);
      assertLstmGradientsFinite(family, family.sample(3), config, LstmCellKernel.AUTO, false, activation + " MLP, LSTM weight");
    }
  }

  @Test
  void theForwardOpTypesAreExactlyTheListedOnes() {
    SEEN.clear();
    handCraftedUnrollsAreDifferentiableWithRespectToTheta0();
    lstmUnrollsAreDifferentiableWithRespectToWeightsAndTheta0();
    mlpUnrollsAreDifferentiableWithRespectToTheLstmWeights();
    Set<String> unexpected = new TreeSet<>(SEEN);
    unexpected.removeAll(EXPECTED);
    Set<String> missing = new TreeSet<>(EXPECTED);
    missing.removeAll(SEEN);
    assertTrue(unexpected.isEmpty() && missing.isEmpty(),
        "op types emitted but not listed (check they are differentiated above, then list them): " + unexpected
            + "; listed but no longer emitted: " + missing);
  }
}
