// Generated from 01-quadratic-and-baselines.ipynb by notebooks/jsh.py: edit the notebook, not this file.
// Runs after notebooks/prelude.jsh with the project's classpath; see notebooks/run-all.sh.

// # 1 · The quadratic task and the hand-crafted optimizers
//
// The first experiment of Andrychowicz et al. (2016), *Learning to learn by gradient descent by gradient descent*:
// batches of B = 128 random quadratic problems in n = 10 dimensions,
//
//     f(θ) = (1/B) Σ_b ‖W_b θ_b − y_b‖²        W_b ∈ ℝ^{10×10}, y_b, θ_b ∈ ℝ^10, all entries drawn from N(0, 1).
//
// Every optimizer in l2l, hand-crafted or learned, has the paper's interface
//
//     [g_t, h_{t+1}] = opt(∇f(θ_t), h_t)        θ_{t+1} = θ_t + g_t
//
// and is a TensorFlow graph transform, so the task, its gradient and the optimizer run in one graph.
// This notebook runs the five hand-crafted optimizers (SGD, momentum, NAG, RMSprop, Adam), tunes each one's
// learning rate, and plots their loss curves on held-out problems.
//
// **Smoke mode.** With the environment variable `L2L_SMOKE=1` (CI sets it) every size is small, so the notebook
// runs in seconds; its numbers are then not the paper's.

import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.Sgd;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.training.Baselines;
import dev.l2l.training.Curve;
import dev.l2l.training.Evaluation;
import dev.l2l.training.InnerLoop;
import dev.l2l.training.LearningRateGrid;
import dev.l2l.training.LearningRateSearch;
import dev.l2l.training.OptimizerFactory;
import dev.l2l.training.ProblemSet;
import dev.l2l.training.SummaryTable;
import dev.l2l.training.io.Figures;

boolean smoke = "1".equals(System.getenv("L2L_SMOKE"));
System.out.println(smoke ? "smoke mode: small sizes, not the paper's numbers" : "full sizes");

// ## The task
//
// A `QuadraticFamily` samples a batch of problems from an explicit seed (the same seed gives the same batch).
// Besides its data, a `QuadraticBatch` carries plain-Java, double-precision reference maths — the loss, its
// gradient and the exact least-squares optimum — which the library's tests check the graph against.

QuadraticFamily family = new QuadraticFamily(QuadraticConfig.defaults());
QuadraticBatch batch = family.sample(42);
float[] start = batch.initialParameters();
double[] theta0 = new double[start.length];
for (int i = 0; i < start.length; i++) {
  theta0[i] = start[i];
}
double initialLoss = batch.loss(theta0);
System.out.println("θ of one batch has shape " + family.parameterShape() + " (problems × dimension)");
System.out.printf("f(θ₀) = %.2f;  f at the least-squares optimum = %.1e%n", initialLoss, batch.optimumLoss());
if (!(batch.optimumLoss() < 1e-6 * initialLoss)) {
  throw new IllegalStateException("the least-squares optimum should reach f = 0, got " + batch.optimumLoss());
}

// ## One optimizer on one batch
//
// `InnerLoop` builds the graph once — the task's loss, its symbolic gradient and the optimizer's update, unrolled
// for 20 steps — and runs it as often as needed, carrying θ and the optimizer's state from one call to the next.
// `run` returns f(θ_t) for t = 0 … T. It owns a TensorFlow graph and session, hence the try-with-resources.

int steps = 100;
double[] sgdLosses;
try (InnerLoop<QuadraticBatch> loop = new InnerLoop<>(family, OptimizerFactory.of(new Sgd(1.0)))) {
  sgdLosses = loop.run(batch, steps);
}
System.out.printf("SGD, learning rate 1: f(θ₀) = %.2f, f(θ₁₀) = %.3f, f(θ₁₀₀) = %.3f%n",
    sgdLosses[0], sgdLosses[10], sgdLosses[steps]);
if (Math.abs(sgdLosses[0] - initialLoss) > 1e-4 * initialLoss) {
  throw new IllegalStateException("the graph's f(θ₀) = " + sgdLosses[0] + " differs from the reference " + initialLoss);
}
if (!(sgdLosses[steps] < 0.1 * initialLoss)) {
  throw new IllegalStateException("SGD should bring the loss down, got " + sgdLosses[steps]);
}

// ## Tuning the learning rates
//
// Each baseline's learning rate is searched over a log-spaced grid for the lowest mean final loss on *tuning*
// problems, which are kept apart from the *held-out* problems the curves are measured on (they are different
// streams of seeds). The gradient the optimizers see is that of the batch mean, so it carries the factor 1/128:
// the tuned rates are large.

LearningRateGrid grid = smoke ? new LearningRateGrid(1e-2, 10, 1) : LearningRateGrid.defaults();
ProblemSet tuning = smoke ? new ProblemSet("tuning", 7, 1) : LearningRateSearch.tuningProblems();
ProblemSet heldOut = smoke ? new ProblemSet("evaluation", 2016, 2) : Evaluation.heldOut();
System.out.println("grid: " + grid + "; tuning on " + tuning + "; evaluating on " + heldOut);

List<Baselines.Tuned> tuned =
    Baselines.tuneAndEvaluate(family, Baselines.all(), grid, tuning, heldOut, steps, SessionConfig.defaults());
for (Baselines.Tuned t : tuned) {
  LearningRateSearch.Result search = t.search();
  StringBuilder row = new StringBuilder(String.format("%-8s", t.curve().name()));
  for (int i = 0; i < search.rates().length; i++) {
    row.append(String.format("  lr %s: %s", SummaryTable.fmt(search.rates()[i]), SummaryTable.fmt(search.finalLosses()[i])));
  }
  System.out.println(row + "   → lr " + SummaryTable.fmt(t.optimizer().learningRate()));
}

// ## The loss curves
//
// The mean loss per step over the held-out batches, on a log scale (the faint lines are the lowest and the
// highest batch), and the same numbers as a table.

List<Curve> curves = new ArrayList<>();
Map<String, String> rates = new LinkedHashMap<>();
for (Baselines.Tuned t : tuned) {
  curves.add(t.curve());
  rates.put(t.curve().name(), "lr " + SummaryTable.fmt(t.optimizer().learningRate()));
}
display(Figures.toImage(Figures.lossCurves(
    "Hand-crafted optimizers on held-out quadratics (" + heldOut.batches() + " × 128 problems)", curves)));
System.out.println(SummaryTable.markdown(curves, SummaryTable.stepsUpTo(steps), "tuned", rates, null));

Map<String, Double> finalLoss = new LinkedHashMap<>();
for (Curve c : curves) {
  finalLoss.put(c.name(), c.finalMean());
  if (!(c.finalMean() < 0.1 * c.mean()[0])) {
    throw new IllegalStateException(c.name() + " did not bring the loss down: " + c.finalMean());
  }
}
if (!(finalLoss.get("Adam") < finalLoss.get("SGD"))) {
  throw new IllegalStateException("tuned Adam should end below tuned SGD on this task: " + finalLoss);
}
System.out.println("final losses: " + finalLoss);

/exit
