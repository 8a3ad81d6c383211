package dev.l2l.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class GraphSessionTest {

  @Test
  void runsAGraphWithTheGivenConfigAndCountsOps() {
    SessionConfig config = SessionConfig.defaults().withThreads(1, 1);
    try (GraphSession g = new GraphSession(config)) {
      assertSame(config, g.config());
      assertEquals(0, g.operationCount());
      Ops tf = g.tf();
      var a = tf.constant(new float[] {1.5f, -2f, 4f});
      var b = tf.constant(new float[] {0.5f, 3f, 0.25f});
      var dot = tf.sum(tf.math.mul(a, b), tf.constant(0));
      int ops = g.operationCount();
      assertEquals(5, ops, "2 constants, mul, axis constant, sum");
      assertSame(g.session(), g.session(), "one session per graph");
      try (Result r = g.session().runner().fetch(dot).run()) {
        assertEquals(1.5 * 0.5 - 2 * 3 + 4 * 0.25, Tensors.toScalar(r.get(0)), 1e-6);
      }
      assertEquals(ops, g.operationCount(), "running adds no ops");
      assertTrue(TensorFlowRuntime.ensureLoaded().startsWith("2."), TensorFlowRuntime.ensureLoaded());
    }
  }

  @Test
  void closeReleasesGraphAndSession() {
    GraphSession g = new GraphSession();
    var c = g.tf().constant(3f);
    var session = g.session();
    try (Result r = session.runner().fetch(c).run()) {
      assertEquals(3f, Tensors.toScalar(r.get(0)));
    }
    g.close();
    assertThrows(IllegalStateException.class, () -> g.graph().operations(), "graph must be closed");
    assertThrows(IllegalStateException.class, () -> session.runner().fetch(c).run(), "session must be closed");
    g.close(); // closing twice is harmless
  }

  /** The dot product of the first test, on a graph placed on {@code device}; returns it and the trace. */
  private static double dotOn(SessionConfig.Device device, RunTrace[] trace, String[] placement) {
    try (GraphSession g = new GraphSession(SessionConfig.defaults().withDevice(device))) {
      Ops tf = g.tf();
      // a is fed, so that TensorFlow cannot fold the graph into one constant before running it
      var a = tf.placeholder(TFloat32.class);
      var b = tf.constant(new float[] {0.5f, 3f, 0.25f});
      var dot = tf.sum(tf.math.mul(a, b), tf.constant(0));
      placement[0] = ((org.tensorflow.GraphOperation) dot.op()).device();
      try (TFloat32 aValue = TFloat32.vectorOf(1.5f, -2f, 4f);
          Result r = RunTrace.traced(g.session().runner().feed(a, aValue).fetch(dot)).runAndFetchMetadata()) {
        trace[0] = RunTrace.of(r, g.graph());
        return Tensors.toScalar(r.get(0));
      }
    }
  }

  @Test
  void opsArePlacedOnTheConfiguredDeviceAndTheTraceSaysWhereTheyRan() {
    RunTrace[] trace = new RunTrace[1];
    String[] placement = new String[1];
    double expected = 1.5 * 0.5 - 2 * 3 + 4 * 0.25;
    assertEquals(expected, dotOn(SessionConfig.Device.AUTO, trace, placement), 1e-6);
    assertEquals("", placement[0], "AUTO leaves placement to TensorFlow");
    assertEquals(4, trace[0].opCount(), "b, mul, axis, sum (a fed placeholder does not run): " + trace[0].table(10));
    assertEquals(expected, dotOn(SessionConfig.Device.CPU, trace, placement), 1e-6);
    assertEquals("/device:CPU:0", placement[0]);
    assertTrue(trace[0].devices().stream().allMatch(d -> d.endsWith("CPU:0")), trace[0].devices().toString());
    assertTrue(trace[0].table(3).contains("| Mul | 1 |"), trace[0].table(3));
    assertEquals("CPU:0", RunTrace.shortDevices(trace[0].devices()));
  }

  /** This machine has no GPU: a graph pinned to /GPU:0 runs on the CPU, with the same result. */
  @Test
  void aGraphPinnedToTheGpuRunsOnTheCpuWhenNoGpuIsVisible() {
    RunTrace[] trace = new RunTrace[1];
    String[] placement = new String[1];
    double onGpu = dotOn(SessionConfig.Device.GPU, trace, placement);
    assertEquals("/device:GPU:0", placement[0]);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        trace[0].devices().stream().noneMatch(d -> d.contains("GPU")), "a GPU is visible: " + trace[0].devices());
    assertEquals(dotOn(SessionConfig.Device.CPU, new RunTrace[1], new String[1]), onGpu);
    assertTrue(trace[0].devices().stream().allMatch(d -> d.endsWith("CPU:0")), trace[0].devices().toString());
  }
}
