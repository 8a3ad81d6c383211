// Generated from 04-reproduce-figure.ipynb by notebooks/jsh.py: edit the notebook, not this file.
// Runs after notebooks/prelude.jsh with the project's classpath; see notebooks/run-all.sh.

// # 4 · Reproducing the paper's quadratic figure
//
// Figure 2 (left) of the paper: on held-out quadratic problems, the loss per step of the LSTM optimizer and of
// hand-crafted optimizers whose learning rates were tuned, over 100 steps, on a log scale.
//
// `QuadraticReproduction.run` is the whole experiment in one call — the same as `./l2l reproduce quadratic`
// without the files: it meta-trains the LSTM, tunes the learning rates of SGD, momentum, NAG, RMSprop and Adam on
// their own problems, and evaluates everything on the same held-out problems. Then the LSTM that ships with the
// library, `Pretrained.quadratic()`, joins them on those problems.
//
// Full sizes: the paper's schedule (1000 outer steps × 5 unrolls of 20 steps, 128 problems per batch), a grid of
// 4 learning rates per decade, 10 × 128 held-out problems — about a minute on 2 cores. Smoke mode (`L2L_SMOKE=1`):
// 60 outer steps, a coarser grid, 2 × 128 held-out problems.

import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.training.Baselines;
import dev.l2l.training.Curve;
import dev.l2l.training.Evaluation;
import dev.l2l.training.QuadraticReproduction;
import dev.l2l.training.ReproductionConfig;
import dev.l2l.training.ReproductionListener;
import dev.l2l.training.SummaryTable;
import dev.l2l.training.TrainingListener;
import dev.l2l.training.attach.Pretrained;
import dev.l2l.training.io.Checkpoint;
import dev.l2l.training.io.Figures;

boolean smoke = "1".equals(System.getenv("L2L_SMOKE"));
// The smoke configuration keeps the paper's 128 problems per batch, as the shipped LSTM was trained with them.
ReproductionConfig config =
    smoke ? ReproductionConfig.smoke().withTask(QuadraticConfig.defaults()) : ReproductionConfig.defaults();
System.out.println(config.describe());

// ## The whole experiment in one call
//
// The listener prints each phase as it starts (meta-training reports every outer step to
// `training(...)`, ignored here).

ReproductionListener phases = new ReproductionListener() {
  @Override
  public TrainingListener training(int seedIndex, long seed) {
    return TrainingListener.none();
  }

  @Override
  public void phase(String description) {
    System.out.println(description);
  }
};
QuadraticReproduction.Report report = QuadraticReproduction.run(config, phases);
QuadraticReproduction.SeedRun run = report.selectedSeed();
System.out.println(String.format("meta-training took %.0f s; its best φ came after outer step %d",
    run.training().seconds(), run.training().bestOuterStep()));

// ## Side by side with the shipped LSTM
//
// The shipped checkpoint is evaluated on the same held-out problems. The table gives the mean loss ± its
// standard deviation across the held-out batches at a few steps, and the final loss relative to the best tuned
// baseline.

Checkpoint shipped = Pretrained.quadratic();
QuadraticFamily family = new QuadraticFamily(config.task());
Curve shippedCurve = Evaluation.run(
    family, Pretrained.optimizer(shipped), config.evaluation(), config.steps(), config.session());
List<Curve> curves = new ArrayList<>(report.figureCurves()); // the tuned baselines, then "LSTM"
curves.set(curves.size() - 1, run.curve().withName("LSTM (trained here)"));
curves.add(shippedCurve.withName("LSTM (shipped)"));
Map<String, String> notes = new LinkedHashMap<>();
for (Baselines.Tuned b : report.baselines()) {
  notes.put(b.curve().name(), "lr " + SummaryTable.fmt(b.optimizer().learningRate()));
}
notes.put("LSTM (trained here)", config.training().outerSteps() + " outer steps");
notes.put("LSTM (shipped)", "Pretrained.quadratic()");
Curve best = report.bestBaseline().curve();
display(Figures.toImage(Figures.lossCurves("Quadratic functions, " + config.evaluation().batches() +
    " × 128 held-out problems (paper, Figure 2 left)", curves)));
System.out.println(SummaryTable.markdown(curves, SummaryTable.stepsUpTo(config.steps()), "setting", notes, best));

// The claim of the paper, as a check: each LSTM ends below the paper's four tuned baselines (SGD, RMSprop,
// NAG, Adam) at step 100. The shipped LSTM, trained on the full schedule, also ends below classical momentum,
// the strongest baseline here; so does the LSTM trained here at full size, while the 60 outer steps of smoke
// mode leave it near momentum, on either side of it.

List<String> paperBaselines = Baselines.paper().stream().map(o -> o.name()).toList();
for (Curve lstm : List.of(run.curve(), shippedCurve)) {
  boolean fullSchedule = lstm == shippedCurve || !smoke;
  for (Baselines.Tuned b : report.baselines()) {
    boolean checked = fullSchedule || paperBaselines.contains(b.curve().name());
    if (checked && !(lstm.finalMean() < b.curve().finalMean())) {
      throw new IllegalStateException("an LSTM (final loss " + lstm.finalMean() + ") does not beat tuned " +
          b.curve().name() + " (" + b.curve().finalMean() + ")");
    }
  }
}
System.out.println(String.format("final loss: LSTM trained here %.3f, shipped LSTM %.3f, best tuned baseline (%s) %.3f",
    run.curve().finalMean(), shippedCurve.finalMean(), best.name(), best.finalMean()));

/exit
