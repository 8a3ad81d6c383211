package dev.l2l.training.cli;

import dev.l2l.core.RunTrace;
import dev.l2l.core.SessionConfig;
import dev.l2l.core.TensorFlowRuntime;
import dev.l2l.optimizers.HandCraftedOptimizer;
import dev.l2l.optimizers.learned.LstmWeights;
import dev.l2l.optimizers.learned.FusedLstmCell;
import dev.l2l.optimizers.learned.LstmCellKernel;
import dev.l2l.optimizers.learned.LstmExecution;
import dev.l2l.optimizers.learned.RowBlocks;
import dev.l2l.tasks.QuadraticBatch;
import dev.l2l.tasks.QuadraticConfig;
import dev.l2l.tasks.QuadraticFamily;
import dev.l2l.tasks.mnist.MlpBatch;
import dev.l2l.tasks.mnist.MlpConfig;
import dev.l2l.tasks.mnist.MlpFamily;
import dev.l2l.tasks.mnist.MnistData;
import dev.l2l.tasks.mnist.Split;
import dev.l2l.training.MnistReproduction;
import dev.l2l.training.Baselines;
import dev.l2l.training.InnerLoop;
import dev.l2l.training.LearnedOptimizers;
import dev.l2l.training.MetaAdam;
import dev.l2l.training.MetaTrainer;
import dev.l2l.training.MetaTrainingConfig;
import dev.l2l.training.OptimizerFactory;
import dev.l2l.training.UnrollState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.tensorflow.TensorFlow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code l2l bench}: times the library's hot paths after a warm-up and prints median, min and max.
 *
 * <p>Cases: {@code eval-<optimizer>} (100 inner steps on a batch of problems, graph already built),
 * {@code meta-unroll} (one unroll: forward, meta-gradient and the Adam update of the LSTM weights, per
 * batch size, on meta-training's schedule: θ and the LSTM state carried on the device, a new problem every
 * {@code unrollsPerProblem} unrolls) and {@code meta-unroll-fed} (the same with θ and the state fetched to
 * the host and fed back), {@code meta-build} (building the meta-training graph and its first unroll), and, when asked for,
 * {@code mnist} (one meta-training unroll on the MNIST MLP; "batch" is then the number of MLPs P).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmark evaluation, meta-training unrolls and graph building; prints median/min/max.")
final class BenchCommand implements Runnable {
  @Option(names = "--batch-sizes", split = ",", paramLabel = "B,...", description = "Batch sizes of the meta-unroll and meta-unroll-fed cases (default 128).")
  int[] batchSizes = {128};

  @Option(names = "--reps", paramLabel = "N", description = "Timed repetitions per case (default 20).")
  int reps = 20;

  @Option(names = "--warmup", paramLabel = "N", description = "Untimed repetitions first (default 5).")
  int warmup = 5;

  @CommandLine.Mixin SessionOptions sessionOptions;

  @Option(names = "--cases", split = ",", paramLabel = "C,...", description = "Which cases: eval, meta, build (default all).")
  List<String> cases = List.of("eval", "meta", "build");

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Option(names = "--profile", description = "After each meta-unroll case, print TensorFlow's time per op type of one traced unroll (on the device, as meta-training runs it).")
  boolean profile;

  @Option(names = "--grappler", description = "Turn TensorFlow's graph optimizer (Grappler) on (default off).")
  boolean grappler;

  @Option(names = "--xla", description = "Turn XLA JIT compilation on (global JIT level ON_1; default off).")
  boolean xla;

  @Option(names = "--row-blocks", paramLabel = "N", description = "At most N blocks of LSTM rows, each of at least "
      + "256 rows, that TensorFlow runs concurrently; 1 = all rows in one chain of ops (default 2, the library's default).")
  int rowBlocks = RowBlocks.DEFAULT.max();

  @Option(names = "--lstm-cell", paramLabel = "K", description = "The LSTM cell's gates and state computed by "
      + "'fused' (l2l's CPU kernel), 'ops' (TensorFlow's ops) or 'auto' (fused where it is available and the "
      + "graph is not on a GPU; the library's default).")
  String lstmCell = "auto";

  // ---- MNIST case (issue 5): not in the default cases, it needs the data ----
  @Option(names = "--mnist-problems", split = ",", paramLabel = "P,...", description = "MLPs per batch of the mnist case (default 1).")
  int[] mnistProblems = {1};

  @Option(names = "--data", paramLabel = "DIR", description = "MNIST-format folder of the mnist case (default " + MnistCommand.DEFAULT_DATA + ").")
  Path data;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** One measured case. */
  record Measurement(String name, int batchSize, double medianMs, double minMs, double maxMs, double coordinateStepsPerSecond, long peakRssMb) {}

  @Override
  public void run() {
    Flags.positive("--reps", reps);
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
    }
    for (int b : batchSizes) {
      Flags.positive("--batch-sizes", b);
    }
    for (String c : cases) {
      if (!List.of("eval", "meta", "build", "mnist").contains(c)) {
        throw new IllegalArgumentException("--cases: unknown case '" + c + "'; choose from eval, meta, build, mnist");
      }
    }
    Flags.positive("--row-blocks", rowBlocks);
    LstmExecution execution = execution();
    SessionConfig session = sessionOptions.apply(SessionConfig.defaults()).withGrappler(grappler).withXlaJit(xla);
    PrintWriter out = spec.commandLine().getOut();
    List<Measurement> results = new ArrayList<>();
    Set<String> devices = new TreeSet<>();
    List<String> profiles = new ArrayList<>();
    MetaTrainingConfig training = MetaTrainingConfig.defaults();
    if (cases.contains("build")) {
      QuadraticFamily family = new QuadraticFamily(QuadraticConfig.defaults());
      LstmWeights w = LstmWeights.initial(training.lstm(), 1);
      QuadraticBatch batch = family.sample(1);
      // The first build also loads the native library: do it once untimed.
      try (MetaTrainer<QuadraticBatch> t = new MetaTrainer<>(family, training, session, execution)) {
        t.unroll(w.all(), batch, t.start(batch), 0);
      }
      results.add(time("meta-build+first-unroll", 128, 0, Math.min(reps, 5), () -> () -> {
        try (MetaTrainer<QuadraticBatch> t = new MetaTrainer<>(family, training, session, execution)) {
          t.unroll(w.all(), batch, t.start(batch), 0);
        }
      }));
    }
    if (cases.contains("build")) {
      QuadraticFamily family = new QuadraticFamily(QuadraticConfig.defaults());
      QuadraticBatch batch = family.sample(1);
      OptimizerFactory adam = OptimizerFactory.of(new dev.l2l.optimizers.Adam(0.01));
      results.add(time("eval-build+first-100-steps-Adam", 128, 0, Math.min(reps, 5), () -> () -> {
        try (InnerLoop<QuadraticBatch> loop = new InnerLoop<>(family, adam, InnerLoop.DEFAULT_UNROLL, session)) {
          loop.run(batch, 100);
        }
      }));
    }
    if (cases.contains("meta")) {
      for (int b : batchSizes) {
        QuadraticFamily family = new QuadraticFamily(QuadraticConfig.defaults().withBatchSize(b));
        try (MetaTrainer<QuadraticBatch> t = new MetaTrainer<>(family, training, session, execution)) {
          List<float[]>[] weights = new List[] {LstmWeights.initial(training.lstm(), 1).all()};
          MetaAdam adam = new MetaAdam(training.metaLearningRate(), sizes(weights[0]));
          QuadraticBatch batch = family.sample(2);
          UnrollState start = t.start(batch);
          long coordinateSteps = (long) b * family.config().dimension() * training.unrollSteps();
          int k = training.unrollSteps();
          int perProblem = training.unrollsPerProblem();
          // Meta-training's own schedule: a problem restarts every unrollsPerProblem unrolls (the restart
          // is timed with the unroll it precedes); θ and the LSTM state carried on the device, as in train().
          int[] done = {0};
          results.add(time("meta-unroll", b, coordinateSteps, reps, () -> () -> {
            int u = done[0]++ % perProblem;
            if (u == 0) {
              t.startOnDevice(batch);
            }
            MetaTrainer.UnrollResult r = t.unrollOnDevice(weights[0], batch);
            weights[0] = adam.apply(weights[0], r.gradients());
          }));
          // The same schedule with θ and the state fetched to Java arrays and fed back at every unroll.
          UnrollState[] carried = {start};
          int[] fedDone = {0};
          results.add(time("meta-unroll-fed", b, coordinateSteps, reps, () -> () -> {
            int u = fedDone[0]++ % perProblem;
            MetaTrainer.UnrollResult r = t.unroll(weights[0], batch, u == 0 ? start : carried[0], u * k);
            carried[0] = r.outcome().next();
            weights[0] = adam.apply(weights[0], r.gradients());
          }));
          t.startOnDevice(batch);
          RunTrace trace = t.traceUnrollOnDevice(weights[0], batch);
          devices.addAll(trace.devices());
          if (profile) {
            profiles.add("meta-unroll, batch " + b + ", one traced unroll on the device (compute time per op type; ops on "
                + "two threads overlap):\n" + trace.table(15));
          }
        }
      }
    }
    if (cases.contains("eval")) {
      QuadraticFamily family = new QuadraticFamily(QuadraticConfig.defaults());
      QuadraticBatch batch = family.sample(3);
      List<OptimizerFactory> optimizers = new ArrayList<>();
      for (HandCraftedOptimizer o : Baselines.all()) {
        optimizers.add(OptimizerFactory.of(o.withLearningRate(0.01)));
      }
      optimizers.add(LearnedOptimizers.withWeights(LstmWeights.initial(training.lstm(), 1), execution));
      for (OptimizerFactory o : optimizers) {
        try (InnerLoop<QuadraticBatch> loop = new InnerLoop<>(family, o, InnerLoop.DEFAULT_UNROLL, session)) {
          results.add(time("eval-100-steps-" + loop.optimizerName(), 128, 128L * 10 * 100, reps,
              () -> () -> loop.run(batch, 100)));
        }
      }
    }
    if (cases.contains("mnist")) {
      results.addAll(mnistUnrolls(session, execution));
    }
    if (json) {
      out.println(toJson(session, devices, results, execution));
    } else {
      out.println(header(session, devices) + "; LSTM row blocks: at most " + rowBlocks + ", cell: "
          + cellDescription(session, execution));
      out.println("| case | batch | median ms | min ms | max ms | coordinate-steps/s | peak RSS MB |");
      out.println("|---|---|---|---|---|---|---|");
      for (Measurement m : results) {
        out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %s | %d |%n", m.name(), m.batchSize(), m.medianMs(),
            m.minMs(), m.maxMs(), m.coordinateStepsPerSecond() > 0 ? String.format(Locale.ROOT, "%.3g", m.coordinateStepsPerSecond()) : "–",
            m.peakRssMb());
      }
      profiles.forEach(p -> out.println("\n" + p));
    }
    out.flush();
  }

  private Measurement time(String name, int batchSize, long coordinateSteps, int repetitions, Supplier<Runnable> work) {
    Runnable r = work.get();
    for (int i = 0; i < warmup; i++) {
      r.run();
    }
    double[] ms = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      long t0 = System.nanoTime();
      r.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    double median = repetitions % 2 == 1 ? ms[repetitions / 2] : (ms[repetitions / 2 - 1] + ms[repetitions / 2]) / 2;
    double rate = coordinateSteps > 0 ? coordinateSteps / (median / 1e3) : 0;
    return new Measurement(name, batchSize, median, ms[0], ms[repetitions - 1], rate, peakRssMb());
  }

  /** The LSTM's layout of --row-blocks (blocks of the library's minimum size) and --lstm-cell. */
  private LstmExecution execution() {
    LstmCellKernel cell =
        switch (lstmCell) {
          case "auto" -> LstmCellKernel.AUTO;
          case "fused" -> LstmCellKernel.FUSED;
          case "ops" -> LstmCellKernel.TENSORFLOW_OPS;
          default -> throw new IllegalArgumentException("--lstm-cell: unknown kernel '" + lstmCell + "'; choose auto, fused or ops");
        };
    if (cell == LstmCellKernel.FUSED && !FusedLstmCell.isAvailable()) {
      throw new IllegalArgumentException("--lstm-cell fused: the fused LSTM cell is " + FusedLstmCell.status());
    }
    return new LstmExecution(new RowBlocks(rowBlocks, RowBlocks.DEFAULT.minRows()), cell);
  }

  /** Which cell the LSTM graphs of this run use, e.g. "fused kernels (avx512)" or "TensorFlow ops". */
  private static String cellDescription(SessionConfig session, LstmExecution execution) {
    return execution.cell().resolve(session.device() == SessionConfig.Device.GPU ? "GPU" : "").description();
  }

  /** mnist-meta-unroll: one meta-training unroll on the MNIST MLP (784-20-10 sigmoid, minibatch 128, the paper's LSTM). */
  private List<Measurement> mnistUnrolls(SessionConfig session, LstmExecution execution) {
    MnistData train = MnistCommand.loadOrExplain(data, Split.TRAIN);
    MetaTrainingConfig mnist = MnistReproduction.Config.defaults().training();
    List<Measurement> out = new ArrayList<>();
    for (int p : mnistProblems) {
      MlpFamily family = new MlpFamily(MlpConfig.defaults().withProblems(Flags.positive("--mnist-problems", p)), train);
      try (MetaTrainer<MlpBatch> t = new MetaTrainer<>(family, mnist, session, execution)) {
        List<float[]>[] weights = new List[] {LstmWeights.initial(mnist.lstm(), 1).all()};
        MetaAdam adam = new MetaAdam(mnist.metaLearningRate(), sizes(weights[0]));
        MlpBatch batch = family.sample(2);
        UnrollState start = t.start(batch);
        long coordinateSteps = family.parameterShape().size() * mnist.unrollSteps();
        out.add(time("mnist-meta-unroll", p, coordinateSteps, reps, () -> () -> {
          MetaTrainer.UnrollResult r = t.unroll(weights[0], batch, start, 0);
          weights[0] = adam.apply(weights[0], r.gradients());
        }));
      }
    }
    return out;
  }

  private static List<Integer> sizes(List<float[]> weights) {
    List<Integer> s = new ArrayList<>();
    for (float[] w : weights) {
      s.add(w.length);
    }
    return s;
  }

  /** The process's peak resident memory (VmHWM), or -1 where /proc does not tell. */
  static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Where the meta-unroll's ops ran, from its trace (the other cases build the same kinds of ops). */
  private static String ranOn(SessionConfig s, Set<String> devices) {
    return "device " + s.device() + ", ops ran on "
        + (devices.isEmpty() ? "(not traced: run the meta case)" : RunTrace.shortDevices(devices));
  }

  private static String header(SessionConfig s, Set<String> devices) {
    return String.format(Locale.ROOT,
        "TensorFlow Java 1.1.0 (TensorFlow core %s, natives %s), %s; %d cores, intra-op threads %s, inter-op threads %s, "
            + "Grappler %s, XLA JIT %s; Java %s",
        TensorFlow.version(), TensorFlowRuntime.nativeClassifier(), ranOn(s, devices),
        Runtime.getRuntime().availableProcessors(),
        s.intraOpThreads() == 0 ? "all" : s.intraOpThreads(), s.interOpThreads() == 0 ? "all" : s.interOpThreads(),
        s.grappler() ? "on" : "off", s.xlaJit() ? "on" : "off", System.getProperty("java.version"));
  }

  private String toJson(SessionConfig s, Set<String> devices, List<Measurement> results, LstmExecution execution) {
    StringBuilder sb = new StringBuilder("{");
    sb.append(String.format(Locale.ROOT, "\"device\":\"%s\",\"ranOn\":[%s],", s.device(),
        devices.stream().map(d -> "\"" + d + "\"").collect(java.util.stream.Collectors.joining(","))));
    sb.append(String.format(Locale.ROOT,
        "\"tensorflow\":\"%s\",\"cores\":%d,\"intraOpThreads\":%d,\"interOpThreads\":%d,\"grappler\":%b,\"xlaJit\":%b,"
            + "\"java\":\"%s\",\"reps\":%d,\"warmup\":%d,\"rowBlocks\":%d,\"lstmCell\":\"%s\",\"cases\":[",
        TensorFlow.version(), Runtime.getRuntime().availableProcessors(), s.intraOpThreads(), s.interOpThreads(),
        s.grappler(), s.xlaJit(), System.getProperty("java.version"), reps, warmup, rowBlocks, cellDescription(s, execution)));
    for (int i = 0; i < results.size(); i++) {
      Measurement m = results.get(i);
      sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
          "{\"name\":\"%s\",\"batchSize\":%d,\"medianMs\":%.4f,\"minMs\":%.4f,\"maxMs\":%.4f,"
              + "\"coordinateStepsPerSecond\":%.1f,\"peakRssMb\":%d}",
          m.name(), m.batchSize(), m.medianMs(), m.minMs(), m.maxMs(), m.coordinateStepsPerSecond(), m.peakRssMb()));
    }
    return sb.append("]}").toString();
  }
}
