package dev.l2l.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;

/**
 * What one traced session call did, from TensorFlow's step statistics: the devices its ops ran on, and
 * the time spent per op type. Trace a call with {@link #traced}, run it with {@code runAndFetchMetadata()},
 * then read it with {@link #of}. Tracing slows the call; use it once, not in a timed loop.
 *
 * @param devices the devices that ran at least one op, e.g. {@code /job:localhost/replica:0/task:0/device:CPU:0}
 * @param opTypes time per op type, longest first
 */
public record RunTrace(Set<String> devices, List<OpTypeTime> opTypes) {
  /**
   * The ops of one type in a traced call.
   *
   * @param type the op type, e.g. {@code MatMul}
   * @param count how many of its ops ran
   * @param milliseconds the sum of their compute times (ops on different threads overlap)
   */
  public record OpTypeTime(String type, int count, double milliseconds) {}

  public RunTrace {
    devices = Set.copyOf(devices);
    opTypes = List.copyOf(opTypes);
  }

  /** The runner, set to record a full trace of its next call. */
  public static Session.Runner traced(Session.Runner runner) {
    return runner.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
  }

  /** Reads the trace of a call made with {@link #traced} and {@code runAndFetchMetadata()} on {@code graph}. */
  public static RunTrace of(Result result, Graph graph) {
    RunMetadata metadata =
        result.getMetadata().orElseThrow(() -> new IllegalArgumentException("the call was not run with runAndFetchMetadata()"));
    Set<String> devices = new TreeSet<>();
    Map<String, double[]> byType = new LinkedHashMap<>();
    for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        GraphOperation op = graph.operation(node.getNodeName());
        if (op == null) {
          continue; // the executor's own _SOURCE / _SINK entries
        }
        devices.add(device.getDevice());
        double[] countAndMs = byType.computeIfAbsent(op.type(), t -> new double[2]);
        countAndMs[0]++;
        countAndMs[1] += (node.getOpEndRelNanos() - node.getOpStartRelNanos()) / 1e6;
      }
    }
    List<OpTypeTime> types = new ArrayList<>();
    byType.forEach((type, v) -> types.add(new OpTypeTime(type, (int) v[0], v[1])));
    types.sort(Comparator.comparingDouble(OpTypeTime::milliseconds).reversed());
    return new RunTrace(devices, types);
  }

  /** The devices, short ({@code CPU:0} for {@code /job:localhost/replica:0/task:0/device:CPU:0}), joined by "and". */
  public static String shortDevices(Set<String> devices) {
    List<String> names = new ArrayList<>();
    for (String d : new TreeSet<>(devices)) {
      names.add(d.substring(d.lastIndexOf("device:") >= 0 ? d.lastIndexOf("device:") + "device:".length() : 0));
    }
    return names.isEmpty() ? "(no op ran)" : String.join(" and ", names);
  }

  /** The sum of all ops' compute times, in milliseconds. */
  public double totalMilliseconds() {
    return opTypes.stream().mapToDouble(OpTypeTime::milliseconds).sum();
  }

  /** The number of ops that ran. */
  public int opCount() {
    return opTypes.stream().mapToInt(OpTypeTime::count).sum();
  }

  /** A Markdown table of the {@code top} op types by time, with their share of the total. */
  public String table(int top) {
    StringBuilder sb = new StringBuilder("| op type | ops | ms | share |\n|---|---|---|---|\n");
    double total = totalMilliseconds();
    for (OpTypeTime t : opTypes.subList(0, Math.min(top, opTypes.size()))) {
      sb.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.0f %% |%n", t.type(), t.count(), t.milliseconds(),
          100 * t.milliseconds() / total));
    }
    return sb.append(String.format(Locale.ROOT, "| all | %d | %.2f | 100 %% |%n", opCount(), total)).toString();
  }
}
