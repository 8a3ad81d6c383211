package dev.l2l.training.attach;

import static dev.l2l.core.NumericAsserts.assertAllClose;
import static dev.l2l.core.NumericAsserts.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.core.GraphSession;
import dev.l2l.core.SessionConfig;
import dev.l2l.core.Tensors;
import dev.l2l.optimizers.Adam;
import dev.l2l.optimizers.ReferenceHandCraftedOptimizers;
import dev.l2l.optimizers.Sgd;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.optimizers.learned.ReferenceLstm;
import dev.l2l.optimizers.learned.Preprocessing;
import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.training.Curve;
import dev.l2l.training.Evaluation;
import dev.l2l.training.OptimizerFactory;
import dev.l2l.training.ProblemSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class AttachedOptimizerTest {
  private static final QuadraticFamily FAMILY = QuadraticFamily.defaults();

  /**
   * The paper's quadratic as a user would write it: W and y are the user's data placeholders, θ a
   * resource variable initialised from a θ₀ placeholder, f(θ) = (1/B) Σ_b ‖W_b θ_b − y_b‖².
   */
  private static final class UserQuadratic {
    final Placeholder<TFloat32> w;
    final Placeholder<TFloat32> y;
    final Placeholder<TFloat32> theta0;
    final TrainableVariable theta;
    final Operand<TFloat32> loss;
    final int b;
    final int n;

    UserQuadratic(Ops tf, int b, int n) {
      this.b = b;
      this.n = n;
      w = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(b, n, n)));
      y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(b, n)));
      theta0 = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(b, n)));
      theta = TrainableVariable.create(tf, "theta", Shape.of(b, n), theta0);
      Operand<TFloat32> column = tf.expandDims(theta.value(), tf.constant(-1));
      Operand<TFloat32> prediction =
          tf.squeeze(tf.train.batchMatMul(w, column, TFloat32.class), Squeeze.axis(List.of(-1L)));
      Operand<TFloat32> total = tf.sum(tf.math.squaredDifference(prediction, y), tf.constant(new int[] {0, 1}));
      loss = tf.math.mul(total, tf.constant(1.0f / b));
    }

    /** Runs initOp with θ₀ of {@code batch}, then {@code steps} train steps; returns f(θ_t), t = 0..steps. */
    double[] train(Session s, AttachedOptimizer opt, QuadraticBatch batch, int steps, boolean init) {
      if (init) {
        try (TFloat32 t0 = Tensors.of(Shape.of(b, n), batch.initialParameters())) {
          s.runner().feed(theta0, t0).addTarget(opt.initOp()).run().close();
        }
      }
      double[] losses = new double[steps + 1];
      try (TFloat32 wt = Tensors.of(Shape.of(b, n, n), batch.w());
          TFloat32 yt = Tensors.of(Shape.of(b, n), batch.y())) {
        for (int t = 0; t <= steps; t++) {
          Session.Runner r = s.runner().feed(w, wt).feed(y, yt).fetch(loss);
          if (t < steps) {
            r.addTarget(opt.trainOp());
          }
          try (Result result = r.run()) {
            losses[t] = Tensors.toScalar(result.get(0));
          }
        }
      }
      return losses;
    }
  }

  /**
   * Bit-identical, not just close: the attached optimizer runs the very same step code on the same
   * float values with the same TensorFlow kernels (the user's loss uses the same ops as the library's
   * task), and the state crossing the library's unroll boundaries is copied exactly. A loss written
   * with other ops (another summation order) would agree to float rounding only.
   */
  @Test
  void attachedLearnedOptimizerFollowsTheLibrarysEvaluationBitForBit() {
    LstmWeights weights = Pretrained.quadratic().weights();
    OptimizerFactory lstm = Pretrained.optimizer(Pretrained.quadratic());
    ProblemSet problems = new ProblemSet("attach-test", 7, 2);
    int steps = 30; // crosses the library's unroll boundary at 20
    Curve library = Evaluation.run(FAMILY, lstm, problems, steps, SessionConfig.defaults());
    try (GraphSession g = new GraphSession()) {
      UserQuadratic user = new UserQuadratic(g.tf(), 128, 10);
      AttachedOptimizer opt = AttachedOptimizer.attach(g.tf(), lstm, user.loss, List.of(user.theta));
      assertEquals("LSTM", opt.optimizerName());
      assertEquals(1280L * 2 * weights.config().layers() * weights.config().hiddenUnits(), opt.stateSize());
      for (int i = 0; i < problems.batches(); i++) { // initOp resets the state between the two problems
        double[] attached = user.train(g.session(), opt, FAMILY.sample(problems.batchSeed(i)), steps, true);
        assertBitIdentical(library.perBatch()[i], attached, "attached LSTM vs Evaluation, problem " + i);
      }
      assertTrue(library.perBatch()[0][steps] < 0.1 * library.perBatch()[0][0],
          "the trained optimizer descends: " + Arrays.toString(library.perBatch()[0]));
    }
  }

  @Test
  void resetStartsTheOptimizerAfreshAndWithoutItTheStateCarriesOver() {
    QuadraticBatch batch = FAMILY.sample(11);
    try (GraphSession g = new GraphSession()) {
      UserQuadratic user = new UserQuadratic(g.tf(), 128, 10);
      AttachedOptimizer opt = AttachedOptimizer.attach(g.tf(), new Adam(0.1), user.loss, List.of(user.theta));
      double[] first = user.train(g.session(), opt, batch, 12, true);
      // θ back to θ₀ but the state kept: Adam's step count and moments carry over, so the path differs
      try (TFloat32 t0 = Tensors.of(Shape.of(128, 10), batch.initialParameters())) {
        g.session().runner().feed(user.theta0, t0).addTarget(user.theta.initializer()).run().close();
      }
      double[] carried = user.train(g.session(), opt, batch, 12, false);
      assertEquals(first[0], carried[0], "same θ₀");
      assertFalse(first[12] == carried[12], "a carried-over state must change the path");
      // reset, then θ₀: exactly the first path again
      g.session().runner().addTarget(opt.resetOp()).run().close();
      try (TFloat32 t0 = Tensors.of(Shape.of(128, 10), batch.initialParameters())) {
        g.session().runner().feed(user.theta0, t0).addTarget(user.theta.initializer()).run().close();
      }
      assertBitIdentical(first, user.train(g.session(), opt, batch, 12, false), "after resetOp");
    }
  }

  /**
   * A coupled problem over a rank-1 and a rank-3 variable, f = Σ s_i (a_i − p_i)² + Σ r_j (c_j − q_j)²
   * + k (Σ a)(Σ c): each gradient depends on the other variable, so a write before all reads would
   * show. Returns the gradient of the reference in doubles.
   */
  private static final class Coupled {
    static final Shape A = Shape.of(5);
    static final Shape C = Shape.of(2, 3, 4);
    static final double K = 0.05;
    final float[] s = random(5, 1, 0.5, 2);
    final float[] p = random(5, 2, -1, 1);
    final float[] r = random(24, 3, 0.5, 2);
    final float[] q = random(24, 4, -1, 1);
    final float[] a0 = random(5, 5, -2, 2);
    final float[] c0 = random(24, 6, -2, 2);

    static float[] random(int n, long seed, double lo, double hi) {
      SplittableRandom rnd = new SplittableRandom(seed);
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
      }
      return v;
    }

    Operand<TFloat32> loss(Ops tf, TrainableVariable a, TrainableVariable c) {
      Operand<TFloat32> fa = tf.sum(tf.math.mul(constant(tf, A, s), tf.math.squaredDifference(a.value(), constant(tf, A, p))),
          tf.constant(new int[] {0}));
      Operand<TFloat32> fc = tf.sum(tf.math.mul(constant(tf, C, r), tf.math.squaredDifference(c.value(), constant(tf, C, q))),
          tf.constant(new int[] {0, 1, 2}));
      Operand<TFloat32> coupling = tf.math.mul(tf.constant((float) K),
          tf.math.mul(tf.sum(a.value(), tf.constant(new int[] {0})), tf.sum(c.value(), tf.constant(new int[] {0, 1, 2}))));
      return tf.math.add(tf.math.add(fa, fc), coupling);
    }

    static Operand<TFloat32> constant(Ops tf, Shape shape, float[] v) {
      return tf.constant(shape, org.tensorflow.ndarray.buffer.DataBuffers.of(v, true, false));
    }

    double[][] gradient(double[] a, double[] c) {
      double sumA = Arrays.stream(a).sum();
      double sumC = Arrays.stream(c).sum();
      double[] ga = new double[a.length];
      double[] gc = new double[c.length];
      for (int i = 0; i < a.length; i++) {
        ga[i] = 2 * s[i] * (a[i] - p[i]) + K * sumC;
      }
      for (int j = 0; j < c.length; j++) {
        gc[j] = 2 * r[j] * (c[j] - q[j]) + K * sumA;
      }
      return new double[][] {ga, gc};
    }

    /** Runs {@code steps} steps of the attached optimizer; returns [a, c] after every step. */
    List<float[][]> runAttached(OptimizerFactory optimizer, int steps) {
      try (GraphSession g = new GraphSession()) {
        Ops tf = g.tf();
        TrainableVariable a = TrainableVariable.create(tf, "a", A, constant(tf, A, a0));
        TrainableVariable c = TrainableVariable.create(tf, "c", C, constant(tf, C, c0));
        AttachedOptimizer opt = AttachedOptimizer.attach(tf, optimizer, loss(tf, a, c), List.of(a, c));
        g.session().runner().addTarget(opt.initOp()).run().close();
        List<float[][]> out = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
          g.session().runner().addTarget(opt.trainOp()).run().close();
          try (Result res = g.session().runner().fetch(a.value()).fetch(c.value()).run()) {
            out.add(new float[][] {Tensors.toFloats(res.get(0)), Tensors.toFloats(res.get(1))});
          }
        }
        return out;
      }
    }
  }

  private static double[] doubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /**
   * Runs the attached optimizer and the double-precision {@code reference} (one state per variable) on
   * the coupled problem and compares both variables after every step; returns the reference's [a, c].
   */
  private static double[][] assertFollowsReference(
      String name, OptimizerFactory optimizer, ReferenceHandCraftedOptimizers.Reference reference, int steps) {
    Coupled problem = new Coupled();
    List<float[][]> attached = problem.runAttached(optimizer, steps);
    double[] a = doubles(problem.a0);
    double[] c = doubles(problem.c0);
    List<double[]> stateA = reference.initialState(a.length);
    List<double[]> stateC = reference.initialState(c.length);
    for (int t = 0; t < steps; t++) {
      double[][] g = problem.gradient(a, c);
      ReferenceHandCraftedOptimizers.Step sa = reference.step(g[0], stateA);
      ReferenceHandCraftedOptimizers.Step sc = reference.step(g[1], stateC);
      for (int i = 0; i < a.length; i++) {
        a[i] += sa.update()[i];
      }
      for (int j = 0; j < c.length; j++) {
        c[j] += sc.update()[j];
      }
      stateA = sa.state();
      stateC = sc.state();
      assertAllClose(a, attached.get(t)[0], 1e-4, 1e-5, name + ", rank-1 variable after step " + (t + 1));
      assertAllClose(c, attached.get(t)[1], 1e-4, 1e-5, name + ", rank-3 variable after step " + (t + 1));
    }
    return new double[][] {a, c};
  }

  @Test
  void attachedAdamMatchesThePlainJavaReferenceOnRankOneAndRankThreeVariables() {
    double[][] end = assertFollowsReference("Adam", OptimizerFactory.of(new Adam(0.05)),
        ReferenceHandCraftedOptimizers.adam(0.05, 0.9, 0.999, 1e-8), 25);
    Coupled problem = new Coupled();
    assertTrue(Math.abs(end[0][0] - problem.a0[0]) > 0.5, "Adam moved the variable: " + end[0][0] + " from " + problem.a0[0]);
  }

  @Test
  void attachedLstmMatchesThePlainJavaReferenceOnRankOneAndRankThreeVariables() {
    assertLstmFollowsReference(Pretrained.quadratic().weights());
  }

  /** The MNIST experiment's setting (log-and-sign p = 10, output scale 0.1) travels with the weights. */
  @Test
  void attachedLstmWithLogSignAndScaleOneTenthMatchesTheReference() {
    LstmConfig mnist = new LstmConfig(2, 20, Preprocessing.LOG_SIGN, 0.1, false);
    assertLstmFollowsReference(ReferenceLstm.perturbedWeights(mnist, 17));
  }

  private static void assertLstmFollowsReference(LstmWeights weights) {
    ReferenceLstm lstm = ReferenceLstm.of(weights);
    ReferenceHandCraftedOptimizers.Reference reference = new ReferenceHandCraftedOptimizers.Reference() {
      @Override
      public List<double[]> initialState(int n) {
        return lstm.zeroState(n);
      }

      @Override
      public ReferenceHandCraftedOptimizers.Step step(double[] gradient, List<double[]> state) {
        ReferenceLstm.Step s = lstm.step(gradient, state);
        return new ReferenceHandCraftedOptimizers.Step(s.update(), s.state());
      }
    };
    double[][] end = assertFollowsReference("LSTM " + weights.config(),
        dev.l2l.training.LearnedOptimizers.withWeights(weights), reference, 8);
    assertFalse(Arrays.equals(doubles(new Coupled().c0), end[1]), "the LSTM moved the rank-3 variable");
  }

  /** A scalar variable: f(x) = (x − 3)², Adam against its plain-Java reference. */
  @Test
  void aScalarVariableIsTrained() {
    ReferenceHandCraftedOptimizers.Reference adam = ReferenceHandCraftedOptimizers.adam(0.1, 0.9, 0.999, 1e-8);
    try (GraphSession g = new GraphSession()) {
      Ops tf = g.tf();
      TrainableVariable x = TrainableVariable.create(tf, "x", Shape.scalar(), tf.constant(0.5f));
      Operand<TFloat32> loss = tf.math.square(tf.math.sub(x.value(), tf.constant(3f)));
      AttachedOptimizer opt = AttachedOptimizer.attach(tf, OptimizerFactory.of(new Adam(0.1)), loss, List.of(x));
      g.session().runner().addTarget(opt.initOp()).run().close();
      double[] expected = {0.5};
      List<double[]> state = adam.initialState(1);
      for (int t = 0; t < 10; t++) {
        g.session().runner().addTarget(opt.trainOp()).run().close();
        ReferenceHandCraftedOptimizers.Step step = adam.step(new double[] {2 * (expected[0] - 3)}, state);
        expected[0] += step.update()[0];
        state = step.state();
        try (Result r = g.session().runner().fetch(x.value()).run()) {
          assertAllClose(expected, doubles(Tensors.toFloats(r.get(0))), 1e-5, 1e-6, "x after step " + (t + 1));
        }
      }
      assertTrue(expected[0] > 1.3, "Adam moved x towards 3: " + expected[0]);
    }
  }

  @Test
  void variablesNotNamedAreNotTouched() {
    try (GraphSession g = new GraphSession()) {
      Ops tf = g.tf();
      float[] frozenInit = {1.5f, -2.25f, 3.125f};
      TrainableVariable trained = TrainableVariable.create(tf, "trained", Shape.of(3), tf.constant(new float[] {0, 0, 0}));
      TrainableVariable frozen = TrainableVariable.create(tf, "frozen", Shape.of(3), tf.constant(frozenInit));
      TrainableVariable unrelated = TrainableVariable.create(tf, "unrelated", Shape.of(2), tf.constant(new float[] {7, 8}));
      Operand<TFloat32> loss = tf.sum(tf.math.squaredDifference(trained.value(), frozen.value()), tf.constant(0));
      AttachedOptimizer opt = AttachedOptimizer.attach(tf, new Sgd(0.25), loss, List.of(trained));
      Session s = g.session();
      s.runner().addTarget(opt.initOp()).addTarget(frozen.initializer()).addTarget(unrelated.initializer()).run().close();
      for (int t = 0; t < 5; t++) {
        s.runner().addTarget(opt.trainOp()).run().close();
      }
      try (Result r = s.runner().fetch(trained.value()).fetch(frozen.value()).fetch(unrelated.value()).run()) {
        assertBitIdentical(frozenInit, Tensors.toFloats(r.get(1)), "the frozen variable the loss reads");
        assertBitIdentical(new float[] {7, 8}, Tensors.toFloats(r.get(2)), "a variable outside the loss");
        // SGD with rate 0.25 on (x − f)²: x ← x − 0.5 (x − f), so x_t = f (1 − 0.5^t)
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
          expected[i] = frozenInit[i] * (1 - Math.pow(0.5, 5));
        }
        assertAllClose(expected, Tensors.toFloats(r.get(0)), 1e-6, 1e-7, "the trained variable");
      }
    }
  }

  @Test
  void twoVariablesWithTheSameNameDoNotAlias() {
    try (GraphSession g = new GraphSession()) {
      Ops tf = g.tf();
      TrainableVariable first = TrainableVariable.create(tf, "w", Shape.of(2), tf.constant(new float[] {1, 2}));
      TrainableVariable second = TrainableVariable.create(tf, "w", Shape.of(2), tf.constant(new float[] {3, 4}));
      g.session().runner().addTarget(first.initializer()).addTarget(second.initializer()).run().close();
      try (Result r = g.session().runner().fetch(first.value()).fetch(second.value()).run()) {
        assertBitIdentical(new float[] {1, 2}, Tensors.toFloats(r.get(0)), "first w");
        assertBitIdentical(new float[] {3, 4}, Tensors.toFloats(r.get(1)), "second w");
      }
    }
  }

  /** Two optimizers in one graph (SGD for one variable, Adam for another), and two variables both called "w". */
  @Test
  void twoAttachmentsInOneGraphAndRepeatedNamesWork() {
    try (GraphSession g = new GraphSession()) {
      Ops tf = g.tf();
      TrainableVariable x = TrainableVariable.create(tf, "w", Shape.of(2), tf.constant(new float[] {2, -4}));
      TrainableVariable y = TrainableVariable.create(tf, "w", Shape.of(2), tf.constant(new float[] {1, 1}));
      Operand<TFloat32> loss = tf.math.add(tf.sum(tf.math.square(x.value()), tf.constant(0)),
          tf.sum(tf.math.square(y.value()), tf.constant(0)));
      AttachedOptimizer sgd = AttachedOptimizer.attach(tf, new Sgd(0.25), loss, List.of(x));
      AttachedOptimizer adam = AttachedOptimizer.attach(tf, new Adam(0.1), loss, List.of(y));
      g.session().runner().addTarget(sgd.initOp()).addTarget(adam.initOp()).run().close();
      g.session().runner().addTarget(sgd.trainOp()).run().close();
      try (Result r = g.session().runner().fetch(x.value()).fetch(y.value()).run()) {
        assertBitIdentical(new float[] {1, -2}, Tensors.toFloats(r.get(0)), "SGD trained x: x − 0.25 · 2x");
        assertBitIdentical(new float[] {1, 1}, Tensors.toFloats(r.get(1)), "y waits for Adam's train op");
      }
      g.session().runner().addTarget(adam.trainOp()).run().close();
      try (Result r = g.session().runner().fetch(x.value()).fetch(y.value()).run()) {
        assertBitIdentical(new float[] {1, -2}, Tensors.toFloats(r.get(0)), "Adam leaves x alone");
        // Adam's first step is −α · sign(g) up to ε: 1 − 0.1
        assertAllClose(new double[] {0.9, 0.9}, Tensors.toFloats(r.get(1)), 1e-6, 1e-6, "Adam's first step on y");
      }
    }
  }

  private static void assertRefused(String expectedPart, Runnable attach) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, attach::run);
    assertTrue(e.getMessage().contains(expectedPart), "message should name '" + expectedPart + "': " + e.getMessage());
  }

  @Test
  void badInputIsRefusedWithAClearMessage() {
    try (GraphSession g = new GraphSession()) {
      Ops tf = g.tf();
      TrainableVariable v = TrainableVariable.create(tf, "v", Shape.of(3), tf.constant(new float[] {1, 2, 3}));
      TrainableVariable unused = TrainableVariable.create(tf, "unused", Shape.of(1), tf.constant(new float[] {0}));
      Operand<TFloat32> loss = tf.sum(tf.math.square(v.value()), tf.constant(0));
      Sgd sgd = new Sgd(0.1);
      assertRefused("no variables", () -> AttachedOptimizer.attach(tf, sgd, loss, List.of()));
      assertRefused("scalar", () -> AttachedOptimizer.attach(tf, sgd, tf.math.square(v.value()), List.of(v)));
      assertRefused("named twice", () -> AttachedOptimizer.attach(tf, sgd, loss, List.of(v, v)));
      assertRefused("does not depend on variable unused", () -> AttachedOptimizer.attach(tf, sgd, loss, List.of(v, unused)));
      Operand<TFloat32> secondRead = tf.readVariableOp(v.handle(), TFloat32.class);
      assertRefused("build the loss from value()",
          () -> AttachedOptimizer.attach(tf, sgd, tf.sum(tf.math.square(secondRead), tf.constant(0)), List.of(v)));

      VarHandleOp intHandle = tf.varHandleOp(TInt32.class, Shape.of(2), VarHandleOp.sharedName("ints"));
      assertRefused("only float32",
          () -> TrainableVariable.wrap(tf, "counts", intHandle, tf.readVariableOp(intHandle, TInt32.class)));
      Operand<TFloat32> notAHandle = tf.constant(new float[] {1});
      assertRefused("VarHandleOp", () -> TrainableVariable.wrap(tf, "x", notAHandle, notAHandle));
      assertRefused("initial value has shape",
          () -> TrainableVariable.create(tf, "bad", Shape.of(3), tf.constant(new float[] {1, 2})));
      try (EagerSession eager = EagerSession.create()) {
        Ops te = Ops.create(eager);
        assertRefused("graph mode", () -> AttachedOptimizer.attach(te, sgd, te.constant(1f), List.of(v)));
      }
      try (GraphSession other = new GraphSession()) {
        TrainableVariable elsewhere =
            TrainableVariable.create(other.tf(), "elsewhere", Shape.of(1), other.tf().constant(new float[] {1}));
        assertRefused("another graph", () -> AttachedOptimizer.attach(tf, sgd, loss, List.of(elsewhere)));
      }
    }
  }

  @Test
  void aWrappedResourceVariableTrainsLikeACreatedOne() {
    try (GraphSession g = new GraphSession()) {
      Ops tf = g.tf();
      VarHandleOp handle = tf.varHandleOp(TFloat32.class, Shape.of(2), VarHandleOp.sharedName("mine"));
      TrainableVariable v = TrainableVariable.wrap(tf, "mine", handle, tf.readVariableOp(handle, TFloat32.class));
      Operand<TFloat32> loss = tf.sum(tf.math.square(v.value()), tf.constant(0));
      AttachedOptimizer opt = AttachedOptimizer.attach(tf, new Sgd(0.25), loss, List.of(v));
      g.session().runner().addTarget(tf.assignVariableOp(handle, tf.constant(new float[] {2, -4}))).run().close();
      g.session().runner().addTarget(opt.initOp()).run().close();
      g.session().runner().addTarget(opt.trainOp()).run().close();
      try (Result r = g.session().runner().fetch(v.value()).run()) {
        assertBitIdentical(new float[] {1, -2}, Tensors.toFloats(r.get(0)), "x ← x − 0.25 · 2x");
      }
    }
  }
}
