package dev.l2l.training.cli;

import dev.l2l.core.SessionConfig;
import dev.l2l.optimizers.Adam;
import dev.l2l.tasks.mnist.IdxFormatException;
import dev.l2l.tasks.mnist.MnistData;
import dev.l2l.tasks.mnist.Split;
import dev.l2l.training.Curve;
import dev.l2l.training.OptimizerFactory;
import dev.l2l.training.attach.Pretrained;
import dev.l2l.training.examples.FashionMnistExample;
import dev.l2l.training.io.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code l2l example fashion-mnist}: trains the MLP of {@link FashionMnistExample} with a learned
 * optimizer and with Adam (its rate tuned by a small grid) and writes the two training curves and the
 * test accuracies.
 */
@Command(
    name = "fashion-mnist",
    mixinStandardHelpOptions = true,
    description = "Train a small MLP on Fashion-MNIST with a learned optimizer and with tuned Adam; "
        + "write both training curves and the test accuracies.")
final class FashionMnistCommand implements Runnable {
  static final Path DEBIAN_DATA = Path.of("/usr/share/datasets/fashion-mnist");
  private static final double[] ADAM_GRID = {0.001, 0.003, 0.01, 0.03, 0.1};
  private static final long TUNING_SEED = 999;

  @Option(names = "--data", paramLabel = "DIR", description = "Folder of the four Fashion-MNIST IDX files (default ${DEFAULT-VALUE}, Debian's dataset-fashion-mnist).")
  Path data = DEBIAN_DATA;

  @Option(names = "--optimizer", paramLabel = "FILE", description = "Learned optimizer checkpoint (default: the shipped MNIST optimizer, or the shipped quadratic one while no MNIST one is shipped).")
  Path optimizer;

  @Option(names = "--steps", paramLabel = "N", description = "Training steps of every run (default 200; 20 with --smoke).")
  Integer steps;

  @Option(names = "--seeds", paramLabel = "N", description = "Runs per optimizer, each its own initial weights and minibatches (default 3; 1 with --smoke).")
  Integer seeds;

  @Option(names = "--adam-lr", paramLabel = "X", description = "Adam's learning rate; without it the rate is tuned on the grid 0.001, 0.003, 0.01, 0.03, 0.1 (tuning seed 999, not a reported seed).")
  Double adamRate;

  @Option(names = "--hidden", paramLabel = "N", description = "Hidden units (default ${DEFAULT-VALUE}, as in the paper).")
  int hidden = 20;

  @Option(names = "--relu", description = "ReLU hidden units instead of sigmoid (the paper's).")
  boolean relu;

  @Option(names = "--init", paramLabel = "I", description = "Initial weights: SMALL (N(0, 0.01²), the MNIST experiment's) or GLOROT (default ${DEFAULT-VALUE}).")
  FashionMnistExample.Init init = FashionMnistExample.Init.SMALL;

  @Option(names = "--batch", paramLabel = "N", description = "Minibatch size (default ${DEFAULT-VALUE}).")
  int batch = 128;

  @Option(names = "--test-images", paramLabel = "N", description = "Test images for the accuracy (default all 10,000; 1000 with --smoke).")
  Integer testImages;

  @CommandLine.Mixin SessionOptions sessionOptions;

  @Option(names = "--smoke", description = "Small sizes for a quick check (20 steps, 1 seed, 1000 test images); not meaningful numbers.")
  boolean smoke;

  @Option(names = "--out", paramLabel = "DIR", description = "Run folder to write (must not exist or be empty; default runs/fashion-mnist-<time>).")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    PrintWriter console = spec.commandLine().getOut();
    int n = Flags.positive("--steps", steps != null ? steps : smoke ? 20 : 200);
    int runs = Flags.positive("--seeds", seeds != null ? seeds : smoke ? 1 : 3);
    Flags.positive("--hidden", hidden);
    Flags.positive("--batch", batch);
    if (adamRate != null) {
      Flags.positiveFinite("--adam-lr", adamRate);
    }
    SessionConfig session = sessionOptions.apply(SessionConfig.defaults());
    String source;
    Checkpoint learned;
    if (optimizer != null) {
      learned = Checkpoint.load(optimizer);
      source = optimizer.toString();
    } else if (Pretrained.isShipped("mnist.l2l")) {
      learned = Pretrained.mnist();
      source = "shipped mnist.l2l";
    } else {
      learned = Pretrained.quadratic();
      source = "shipped quadratic.l2l (no MNIST optimizer is shipped yet)";
    }
    MnistData train;
    MnistData test;
    try {
      train = MnistData.load(data, Split.TRAIN);
      test = MnistData.load(data, Split.TEST);
    } catch (IdxFormatException e) {
      throw new IllegalArgumentException("--data " + data + ": " + e.getMessage()
          + " (install Debian's dataset-fashion-mnist or give --data DIR)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read Fashion-MNIST in " + data, e);
    }
    int t = testImages != null ? Flags.positive("--test-images", testImages) : smoke ? 1000 : test.count();
    if (t > test.count()) {
      throw new IllegalArgumentException("--test-images " + t + " is more than the " + test.count() + " test images");
    }
    test = test.range(0, t);
    RunOutput run = RunOutput.create(out, "fashion-mnist");
    FashionMnistExample example =
        new FashionMnistExample(train, test, new FashionMnistExample.Model(hidden, !relu, batch, init), session);

    double rate = adamRate != null ? adamRate : example.tuneAdam(ADAM_GRID, n, TUNING_SEED);
    String rateSource = adamRate != null ? "given by --adam-lr" : "tuned on the grid " + Arrays.toString(ADAM_GRID)
        + " by the mean loss over the last tenth of " + n + " steps, seed " + TUNING_SEED;
    console.printf("Adam learning rate %s (%s)%n", rate, rateSource);
    run.text("config.txt", String.format(
        "data = %s%ntrain images = %d%ntest images = %d%nmodel = MLP %d-%d-%d, %s hidden units, softmax cross-entropy, init %s%n"
            + "minibatch = %d%nsteps = %d%nseeds = 0..%d%nlearned optimizer = %s%nlearned optimizer properties = %s%n"
            + "adam learning rate = %s (%s)%nsession = %s%n",
        data.toAbsolutePath(), train.count(), test.count(), train.pixels(), hidden, MnistData.CLASSES,
        relu ? "ReLU" : "sigmoid", init, batch, n, runs - 1, source, learned.properties(), rate, rateSource, session),
        "every setting of this run");

    List<FashionMnistExample.Run> lstmRuns = new ArrayList<>();
    List<FashionMnistExample.Run> adamRuns = new ArrayList<>();
    OptimizerFactory lstm = Pretrained.optimizer(learned);
    for (int seed = 0; seed < runs; seed++) {
      lstmRuns.add(example.train("LSTM", lstm, n, seed));
      adamRuns.add(example.train("Adam", OptimizerFactory.of(new Adam(rate)), n, seed));
      console.printf("seed %d: LSTM test accuracy %.4f, Adam test accuracy %.4f%n",
          seed, lstmRuns.get(seed).testAccuracy(), adamRuns.get(seed).testAccuracy());
    }
    Curve lstmCurve = FashionMnistExample.curve("LSTM", lstmRuns);
    Curve adamCurve = FashionMnistExample.curve("Adam", adamRuns);
    String lstmLabel = String.format("LSTM (%s), test accuracy %s", learned.properties().getOrDefault("task", "?"),
        meanStd(lstmRuns));
    String adamLabel = String.format("Adam (lr %s), test accuracy %s", rate, meanStd(adamRuns));
    run.curvesAndFigure("MLP on Fashion-MNIST: minibatch loss per step (" + runs + " seed" + (runs > 1 ? "s" : "") + ")",
        List.of(lstmCurve.withName(lstmLabel), adamCurve.withName(adamLabel)), List.of(lstmCurve, adamCurve));
    String table = summary(n, runs, lstmRuns, adamRuns, lstmCurve, adamCurve, source, rate);
    run.text("summary.md", "# Fashion-MNIST MLP: learned optimizer vs tuned Adam\n\n" + table, "the table above (Markdown)");
    console.println(table);
    run.printListing(console);
  }

  private static String summary(int n, int runs, List<FashionMnistExample.Run> lstm, List<FashionMnistExample.Run> adam,
      Curve lstmCurve, Curve adamCurve, String source, double rate) {
    StringBuilder s = new StringBuilder();
    s.append(String.format("%d steps, %d seed%s; loss = mean minibatch cross-entropy over the last tenth of the steps "
        + "(mean ± std across seeds); accuracy on the test images.%n%n", n, runs, runs > 1 ? "s" : ""));
    s.append("| optimizer | final training loss | test accuracy |\n|---|---|---|\n");
    s.append(String.format("| LSTM (%s) | %s | %s |%n", source, tailMeanStd(lstm), meanStd(lstm)));
    s.append(String.format("| Adam (lr %s) | %s | %s |%n", rate, tailMeanStd(adam), meanStd(adam)));
    return s.toString();
  }

  private static String tailMeanStd(List<FashionMnistExample.Run> runs) {
    SummaryStatistics s = new SummaryStatistics();
    runs.forEach(r -> s.addValue(FashionMnistExample.tailMean(r.losses())));
    return runs.size() > 1 ? String.format("%.4f ± %.4f", s.getMean(), s.getStandardDeviation())
        : String.format("%.4f", s.getMean());
  }

  private static String meanStd(List<FashionMnistExample.Run> runs) {
    SummaryStatistics s = new SummaryStatistics();
    runs.forEach(r -> s.addValue(r.testAccuracy()));
    return runs.size() > 1 ? String.format("%.4f ± %.4f", s.getMean(), s.getStandardDeviation())
        : String.format("%.4f", s.getMean());
  }
}
