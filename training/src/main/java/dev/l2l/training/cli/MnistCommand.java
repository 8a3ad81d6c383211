package dev.l2l.training.cli;

import dev.l2l.tasks.mnist.MnistData;
import dev.l2l.tasks.mnist.Split;
import dev.l2l.training.DivergenceException;
import dev.l2l.training.MetaTrainingConfig;
import dev.l2l.training.MnistReproduction;
import dev.l2l.training.ProblemSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code l2l reproduce mnist}: the paper's MNIST experiment (Figures 4 and 5) on MNIST-format data: meta-train
 * on the base MLP, then tune and evaluate the baselines and the LSTM on the base MLP (100 and 200 steps) and
 * on the 40-unit, 2-layer and ReLU variants; writes one figure and table per variant.
 */
@Command(
    name = "mnist",
    mixinStandardHelpOptions = true,
    description = "The paper's MNIST experiment (Figures 4 and 5): meta-train on an MLP, evaluate on it (100 and 200 steps) "
        + "and on 40 hidden units, 2 hidden layers and ReLU without retraining.")
final class MnistCommand implements Runnable {
  /** Where Debian's dataset-fashion-mnist puts the files. */
  static final String DEFAULT_DATA = "/usr/share/datasets/fashion-mnist";

  @Option(names = "--data", paramLabel = "DIR", description = "Folder with the four MNIST-format files "
      + "(train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-...); default " + DEFAULT_DATA + ".")
  Path data;

  @Option(names = "--smoke", description = "Tiny sizes for a quick check (6 outer steps, 20-step evaluations, 2 problems); not the paper's numbers.")
  boolean smoke;

  @Option(names = "--seed", paramLabel = "S", description = "First meta-training seed (default 0).")
  Long seed;

  @Option(names = "--seeds", paramLabel = "N", description = "Meta-training seeds S, S+1, ... (default 1).")
  Integer seeds;

  @Option(names = "--outer-steps", paramLabel = "N", description = "Outer steps, each a fresh MLP (default 250; 6 with --smoke).")
  Integer outerSteps;

  @Option(names = "--meta-lr", paramLabel = "X", description = "Adam learning rate on the LSTM weights (default 0.002).")
  Double metaLearningRate;

  @Option(names = "--clip-norm", paramLabel = "X", description = "Clip the meta-gradient to this global norm (default 0 = off).")
  Double clipNorm;

  @Option(names = "--validate-every", paramLabel = "N", description = "Outer steps between validations (default 25).")
  Integer validateEvery;

  @Option(names = "--eval-problems", paramLabel = "N", description = "Held-out problems (default 10; 2 with --smoke).")
  Integer evalProblems;

  @Option(names = "--variants", split = ",", paramLabel = "V,...", description = "Which evaluations: base, base-long (twice the steps), hidden40, layers2, relu (default all).")
  List<String> variants;

  @CommandLine.Mixin SessionOptions session;

  @Option(names = "--out", paramLabel = "DIR", description = "Run folder to write (must not exist or be empty; default runs/mnist-<time>).")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  MnistReproduction.Config config() {
    MnistReproduction.Config c = smoke ? MnistReproduction.Config.smoke() : MnistReproduction.Config.defaults();
    MetaTrainingConfig t = c.training();
    if (seed != null) {
      t = t.withSeed(seed);
    }
    if (outerSteps != null) {
      t = t.withOuterSteps(Flags.positive("--outer-steps", outerSteps));
    }
    if (metaLearningRate != null) {
      t = t.withMetaLearningRate(Flags.positiveFinite("--meta-lr", metaLearningRate));
    }
    if (clipNorm != null) {
      t = t.withClipNorm(Flags.clipNorm(clipNorm));
    }
    if (validateEvery != null) {
      t = t.withValidation(Flags.positive("--validate-every", validateEvery), t.validationBatches());
    }
    c = c.withTraining(t);
    if (seeds != null) {
      c = c.withSeeds(Flags.positive("--seeds", seeds));
    }
    if (evalProblems != null) {
      ProblemSet e = c.evaluation();
      c = c.withEvaluation(new ProblemSet(e.name(), e.seed(), Flags.positive("--eval-problems", evalProblems)));
    }
    if (variants != null) {
      List<MnistReproduction.Variant> chosen = new ArrayList<>();
      List<String> known = new ArrayList<>();
      c.variants().forEach(v -> known.add(v.name()));
      for (String name : variants) {
        MnistReproduction.Variant v =
            c.variants().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("--variants: unknown variant '" + name + "'; choose from " + String.join(", ", known)));
        chosen.add(v);
      }
      c = c.withVariants(chosen);
    }
    return c.withSession(session.apply(c.session()));
  }

  /** Loads a split, turning a missing or corrupt folder into a bad-input error that says how to get the data. */
  static MnistData loadOrExplain(Path requested, Split split) {
    Path dir = requested != null ? requested : Path.of(DEFAULT_DATA);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException((requested == null ? "no --data given and the default " : "--data: ") + dir
          + " is not a folder. Give --data DIR, a folder with the four MNIST-format files (train-images-idx3-ubyte, "
          + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each plain or .gz): "
          + "Fashion-MNIST from Debian (apt-get install dataset-fashion-mnist puts them in " + DEFAULT_DATA
          + "), or MNIST itself, downloaded by hand from the MNIST database's web page (see docs/results.md).");
    }
    try {
      return MnistData.load(dir, split);
    } catch (IOException e) {
      throw new IllegalArgumentException("--data " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void run() {
    PrintWriter o = spec.commandLine().getOut();
    MnistReproduction.Config config = config();
    MnistData train = loadOrExplain(data, Split.TRAIN);
    MnistData test = loadOrExplain(data, Split.TEST);
    if (train.pixels() != test.pixels()) {
      throw new IllegalArgumentException("--data: the training images are " + train.rows() + " × " + train.columns()
          + " but the test images " + test.rows() + " × " + test.columns());
    }
    RunOutput run = RunOutput.create(out, "mnist");
    Path dataDir = data != null ? data : Path.of(DEFAULT_DATA);
    String described = "data = " + dataDir.toAbsolutePath() + " (" + train.count() + " training, " + test.count()
        + " test images)\n" + config.describe();
    run.text("config.txt", described, "every setting of this run");
    o.println("l2l reproduce mnist -> " + run.dir());
    o.println(described);
    o.flush();
    Map<String, String> provenance = new LinkedHashMap<>(config.properties());
    provenance.put("data", dataDir.toAbsolutePath().toString());
    MnistReproduction.Report report;
    try (RunReporter reporter =
        new RunReporter(run, o, config.seeds(), config.training().outerSteps(), provenance)) {
      try {
        report = MnistReproduction.run(config, new MnistReproduction.Data(train, test), reporter);
      } catch (DivergenceException e) {
        reporter.diverged(e);
        throw e;
      }
      reporter.selected(config.training().seed() + report.selected(), report.training().get(report.selected()));
    }
    for (MnistReproduction.VariantReport v : report.variants()) {
      run.curvesAndFigure("-" + v.variant().name(), v.variant().title(), report.figureCurves(v), report.allCurves(v));
    }
    String summary = report.summaryMarkdown();
    run.text("summary.md", "# MNIST reproduction\n\n" + summary, "the tables above (Markdown)");
    o.println();
    o.println(summary);
    run.printListing(o);
  }
}
