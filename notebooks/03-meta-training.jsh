// Generated from 03-meta-training.ipynb by notebooks/jsh.py: edit the notebook, not this file.
// Runs after notebooks/prelude.jsh with the project's classpath; see notebooks/run-all.sh.

// # 3 · Meta-training: truncated unrolls and resets
//
// The LSTM's weights φ are learned by gradient descent on the optimizee's losses — truncated backpropagation
// through time, as in the paper (§2.1) and DeepMind's code:
//
// * **Unroll.** K = 20 inner steps of the LSTM on a batch of problems are unrolled statically in one TensorFlow
//   graph. The meta-loss of the unroll is the sum of its inner losses, L(φ) = Σ_{t=1..20} f(θ_t).
// * **Meta-gradient.** ∂L/∂φ comes from TensorFlow's symbolic gradients through the 20 unrolled steps. The
//   optimizee's gradient ∇f is an input the LSTM sees through a stop-gradient (first order, the paper's choice).
// * **Meta-update.** One Adam step on φ after every unroll (learning rate 0.01).
// * **Truncation.** θ and the LSTM state go from one unroll to the next as *values*: no gradient crosses an
//   unroll boundary.
// * **Reset.** After 5 unrolls (100 steps) the problem is done: the next outer step takes a fresh batch of
//   problems, its θ₀, and a zero LSTM state.
//
// Every few outer steps the current φ is run on separate *validation* problems; the φ with the lowest final
// validation loss is kept. `MetaTrainer` does all of this; below, its parts first run by hand, then the whole.
//
// Smoke mode (`L2L_SMOKE=1`) trains for 100 outer steps instead of the paper's 1000.

import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.training.Curve;
import dev.l2l.training.Evaluation;
import dev.l2l.training.LearnedOptimizers;
import dev.l2l.training.MetaAdam;
import dev.l2l.training.MetaTrainer;
import dev.l2l.training.MetaTrainingConfig;
import dev.l2l.training.ProblemSet;
import dev.l2l.training.TrainingProgress;
import dev.l2l.training.TrainingResult;
import dev.l2l.training.UnrollState;
import dev.l2l.training.io.Figures;

boolean smoke = "1".equals(System.getenv("L2L_SMOKE"));
QuadraticFamily family = new QuadraticFamily(QuadraticConfig.defaults());
MetaTrainingConfig schedule =
    MetaTrainingConfig.defaults().withOuterSteps(smoke ? 100 : 1000).withValidation(smoke ? 20 : 50, smoke ? 1 : 2);
System.out.println(schedule);

// ## Two problems by hand
//
// The trainer's graph is built once, in its constructor. `start` gives θ₀ and a zero LSTM state for a batch,
// `unroll` runs one unroll with weights φ and returns the meta-loss, its gradient with respect to every weight
// tensor and the values to carry on; `MetaAdam` applies the meta-update. Watch the meta-loss fall from unroll
// to unroll as θ approaches the optimum, and jump back up at the reset to a new problem.

LstmWeights initial = LstmWeights.initial(schedule.lstm(), 0);
try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(family, schedule, SessionConfig.defaults())) {
  List<float[]> phi = initial.all();
  MetaAdam adam = new MetaAdam(schedule.metaLearningRate(), phi.stream().map(w -> w.length).toList());
  for (int problem = 0; problem < 2; problem++) {
    QuadraticBatch batch = trainer.trainingBatch(problem); // a fresh batch of problems ...
    UnrollState carried = trainer.start(batch); // ... from its θ₀, with a zero LSTM state: the reset
    for (int u = 0; u < schedule.unrollsPerProblem(); u++) {
      int first = u * schedule.unrollSteps();
      MetaTrainer.UnrollResult r = trainer.unroll(phi, batch, carried, first);
      double[] f = r.outcome().losses(); // f(θ_first) .. f(θ_first+20)
      double norm = 0;
      for (float[] g : r.gradients()) {
        for (float v : g) {
          norm += (double) v * v;
        }
      }
      System.out.printf("problem %d, steps %3d-%3d: f %8.3f -> %7.3f   meta-loss %8.2f   |dL/dφ| %.3g%n",
          problem, first, first + schedule.unrollSteps(), f[0], f[f.length - 1], r.metaLoss(), Math.sqrt(norm));
      phi = adam.apply(phi, r.gradients()); // one meta-update per unroll
      carried = r.outcome().next(); // θ and the LSTM state go on as values: no gradient crosses
    }
  }
}

// ## The whole meta-training
//
// `train` repeats this for every outer step, validates φ every few steps, skips and counts an unroll whose
// meta-loss or gradient is not finite, and returns the best φ. A `TrainingListener` hears about every outer step;
// here it just keeps them for the chart.

List<TrainingProgress> progress = new ArrayList<>();
TrainingResult trained;
try (MetaTrainer<QuadraticBatch> trainer = new MetaTrainer<>(family, schedule, SessionConfig.defaults())) {
  trained = trainer.train(initial, progress::add);
}
display(Figures.toImage(Figures.metaTraining("Meta-training on quadratics: " + schedule.outerSteps() +
    " outer steps, each 5 unrolls of 20 steps", progress)));
System.out.println(String.format("%d outer steps in %.1f s; best validation loss %.4f after outer step %d; %d unrolls skipped",
    schedule.outerSteps(), trained.seconds(), trained.bestValidationLoss(), trained.bestOuterStep(),
    trained.skippedUnrolls()));

int window = 10;
double early = 0;
double late = 0;
for (int i = 0; i < window; i++) {
  early += progress.get(i).metaLoss() / window;
  late += progress.get(progress.size() - 1 - i).metaLoss() / window;
}
System.out.printf("mean meta-loss per unroll: %.2f over the first %d outer steps, %.2f over the last %d%n",
    early, window, late, window);
if (!(late < early) || trained.bestOuterStep() == 0) {
  throw new IllegalStateException("meta-training did not improve the LSTM: " + early + " -> " + late);
}

// ## Before and after, on held-out problems
//
// The initial and the meta-trained LSTM, each run for 100 steps on held-out problems (the streams of
// meta-training, validation and evaluation problems never meet). The freshly initialised LSTM barely moves θ;
// the trained one has learned to optimize.

ProblemSet heldOut = smoke ? new ProblemSet("evaluation", 2016, 2) : Evaluation.heldOut();
Curve before = Evaluation.run(family, LearnedOptimizers.withWeights(initial), heldOut, 100, SessionConfig.defaults());
Curve after = Evaluation.run(family, LearnedOptimizers.withWeights(trained.best()), heldOut, 100, SessionConfig.defaults());
List<Curve> curves = List.of(before.withName("LSTM, initial φ"), after.withName("LSTM, meta-trained φ"));
display(Figures.toImage(Figures.lossCurves("The LSTM optimizer before and after meta-training", curves)));
System.out.printf("final loss on %d held-out batches: %.3f before, %.3f after meta-training%n",
    heldOut.batches(), before.finalMean(), after.finalMean());
if (!(after.finalMean() < 0.5 * before.finalMean())) {
  throw new IllegalStateException("the meta-trained LSTM should beat its initial weights by far");
}

/exit
