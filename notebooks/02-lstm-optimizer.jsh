// Generated from 02-lstm-optimizer.ipynb by notebooks/jsh.py: edit the notebook, not this file.
// Runs after notebooks/prelude.jsh with the project's classpath; see notebooks/run-all.sh.

// # 2 · The LSTM optimizer: what coordinatewise means, and one step by hand
//
// The learned optimizer of the paper is a small recurrent network m with weights φ: two stacked LSTM cells of
// 20 units and a linear layer. It is applied **coordinatewise**: every coordinate of θ — every coordinate of every
// problem in the batch — is one row of the network's batch, all rows share the same weights φ, and each row
// has its own LSTM state. So one network of about 5,000 weights optimizes θ of any size, and it behaves the same
// whatever order the coordinates come in.
//
// For each coordinate, with x the preprocessed gradient coordinate and the state (h_l, c_l) of layer l:
//
//     [i f c̃ o] = [x, h_l] K_l + b_l                  one matrix product per layer; gates input, forget, cell, output
//     c_l' = σ(f) ⊙ c_l + σ(i) ⊙ tanh(c̃)
//     h_l' = σ(o) ⊙ tanh(c_l')                        h_l' is the input x of layer l + 1
//     g    = scale · (h_last' W_out + b_out)           the update: θ_{t+1} = θ_t + g
//
// The gradient enters the graph through a stop-gradient (the paper's first-order choice): meta-training does not
// differentiate through ∇f. This notebook loads the LSTM that ships with the library, computes its first update on
// a quadratic batch by hand, in plain Java, and checks it against the library's TensorFlow graph.

import dev.l2l.core.GraphSession;
import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.Optimizer;
import dev.l2l.optimizers.learned.LstmConfig;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.optimizers.learned.Preprocessing;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.training.InnerLoop;
import dev.l2l.training.attach.Pretrained;
import dev.l2l.training.io.Checkpoint;
import org.tensorflow.ndarray.Shape;

// ## The shipped optimizer
//
// `Pretrained.quadratic()` is a checkpoint meta-trained on the quadratic task (`./l2l train --outer-steps 300
// --seed 0`). A checkpoint holds the architecture, the weights φ and where they came from.

Checkpoint checkpoint = Pretrained.quadratic();
LstmWeights phi = checkpoint.weights();
LstmConfig lstm = phi.config();
System.out.println(lstm);
for (int i = 0; i < phi.count(); i++) {
  LstmConfig.WeightSpec spec = lstm.weightSpecs().get(i);
  System.out.printf("  %-14s %s%n", spec.name(), Arrays.toString(spec.shape()));
}
System.out.println("φ: " + phi.parameterCount() + " numbers in all");

// ## Coordinatewise: the state grows with θ, the weights do not
//
// In a graph, the checkpoint becomes an `Optimizer` like any other. Its state is (h, c) of both layers, one row
// per coordinate: 128 problems × 10 coordinates are 1,280 rows of 20 units. A θ of a million coordinates would
// need a million rows, and the same 5,000 weights. From 512 rows on, the rows run as two blocks of their own
// (`RowBlocks`), which TensorFlow computes at the same time on two cores, so the state is listed per block:
// (h, c) of both layers for the first half of the rows, then for the second.

try (GraphSession graph = new GraphSession()) {
  Optimizer learned = Pretrained.optimizer(checkpoint).create(graph.tf());
  System.out.println("state for θ of shape [128, 10]:  " + learned.stateShapes(Shape.of(128, 10)));
  System.out.println("state for θ of shape [1000000]: " + learned.stateShapes(Shape.of(1_000_000)));
}

// ## One step by hand
//
// The preprocessing of this checkpoint is DeepMind's clamped log-and-sign form (k = 5, ε the float32 machine
// epsilon), two inputs per coordinate:
//
//     x = ( max(log(|g| + ε) / k, −1),  clip(e^k · g, −1, 1) )
//
// Below, `lstmCell` is one LSTM cell for one coordinate, written from the equations above (the kernel K_l is
// stored row-major, [inputs + 20, 80]), and `updateByHand` runs both layers from the zero state, as at the start
// of a problem, and the output layer.

double sigmoid(double z) {
  return 1 / (1 + Math.exp(-z));
}

// One LSTM cell for one coordinate: returns {h', c'}.
double[][] lstmCell(double[] x, double[] h, double[] c, float[] kernel, float[] bias) {
  int units = h.length;
  double[] input = new double[x.length + units]; // [x, h]
  System.arraycopy(x, 0, input, 0, x.length);
  System.arraycopy(h, 0, input, x.length, units);
  double[] z = new double[4 * units];
  for (int j = 0; j < 4 * units; j++) {
    z[j] = bias[j];
    for (int i = 0; i < input.length; i++) {
      z[j] += input[i] * kernel[i * 4 * units + j];
    }
  }
  double[] hNext = new double[units];
  double[] cNext = new double[units];
  for (int u = 0; u < units; u++) {
    double inputGate = sigmoid(z[u]);
    double forgetGate = sigmoid(z[units + u]);
    double candidate = Math.tanh(z[2 * units + u]);
    double outputGate = sigmoid(z[3 * units + u]);
    cNext[u] = forgetGate * c[u] + inputGate * candidate;
    hNext[u] = outputGate * Math.tanh(cNext[u]);
  }
  return new double[][] {hNext, cNext};
}

double[] preprocess(double g) {
  double epsilon = Math.ulp(1.0f);
  return new double[] {
    Math.max(Math.log(Math.abs(g) + epsilon) / Preprocessing.K, -1),
    Math.max(-1, Math.min(1, Math.exp(Preprocessing.K) * g))
  };
}

// The first update of one coordinate whose gradient is g (zero LSTM state).
double updateByHand(double g) {
  int units = lstm.hiddenUnits();
  double[] x = preprocess(g);
  for (int l = 0; l < lstm.layers(); l++) {
    x = lstmCell(x, new double[units], new double[units], phi.get(2 * l), phi.get(2 * l + 1))[0];
  }
  float[] outKernel = phi.get(2 * lstm.layers());
  double out = phi.get(2 * lstm.layers() + 1)[0];
  for (int u = 0; u < units; u++) {
    out += x[u] * outKernel[u];
  }
  return lstm.outputScale() * out;
}

// Now a batch of the paper's task (128 problems × 10 coordinates). The gradient comes from the batch's
// plain-Java reference, ∇f(θ₀) = (2/B) W_bᵀ(W_b θ_b − y_b), and the same `updateByHand` serves all 1,280
// coordinates: that is all "coordinatewise" means.

if (lstm.preprocessing() != Preprocessing.CLAMPED_LOG_SIGN || lstm.secondOrder()) {
  throw new IllegalStateException("this notebook computes the clamped log-and-sign, first-order LSTM; got " + lstm);
}
QuadraticFamily family = new QuadraticFamily(QuadraticConfig.defaults());
QuadraticBatch batch = family.sample(7);
float[] theta0 = batch.initialParameters();
double[] start = new double[theta0.length];
for (int i = 0; i < theta0.length; i++) {
  start[i] = theta0[i];
}
double[] gradient = batch.gradient(start);
double[] byHand = new double[gradient.length];
for (int i = 0; i < gradient.length; i++) {
  byHand[i] = updateByHand(gradient[i]);
}
System.out.println(gradient.length + " coordinates updated by hand");

// ## The same step in the library's graph
//
// An `InnerLoop` with unrolls of one step runs the task, its TensorFlow gradient and the LSTM for one step and
// keeps θ₁; the graph's update is θ₁ − θ₀. Both are compared on every coordinate (float32 graph against double
// by hand, hence the tolerance).

float[] theta1;
try (InnerLoop<QuadraticBatch> loop =
    new InnerLoop<>(family, Pretrained.optimizer(checkpoint), 1, SessionConfig.defaults())) {
  theta1 = loop.trajectory(batch, 1).parameters().get(1);
}
System.out.println("coordinate   gradient     x₁        x₂       update by hand   update by the graph");
double worst = 0;
for (int i = 0; i < byHand.length; i++) {
  double graphUpdate = (double) theta1[i] - theta0[i];
  worst = Math.max(worst, Math.abs(graphUpdate - byHand[i]) / (1e-4 + Math.abs(byHand[i])));
  if (i < 8) {
    double[] x = preprocess(gradient[i]);
    System.out.printf("θ[%d][%d]   %10.5f  %8.4f  %8.4f    %12.6f     %12.6f%n",
        i / 10, i % 10, gradient[i], x[0], x[1], byHand[i], graphUpdate);
  }
}
System.out.printf("largest difference over all %d coordinates: %.1e (relative)%n", byHand.length, worst);
if (!(worst < 1e-3)) {
  throw new IllegalStateException("the update by hand and the graph's differ by " + worst);
}

/exit
