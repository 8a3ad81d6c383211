package dev.l2l.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.op.Ops;

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
}
