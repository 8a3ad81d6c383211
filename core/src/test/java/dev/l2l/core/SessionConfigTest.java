package dev.l2l.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;

class SessionConfigTest {

  @Test
  void negativeThreadCountsAreRefusedNamingTheParameter() {
    IllegalArgumentException intra =
        assertThrows(IllegalArgumentException.class, () -> new SessionConfig(-1, 0, false, false, SessionConfig.Device.AUTO));
    assertTrue(intra.getMessage().contains("intraOpThreads") && intra.getMessage().contains("-1"), intra.getMessage());
    IllegalArgumentException inter =
        assertThrows(IllegalArgumentException.class, () -> SessionConfig.defaults().withThreads(2, -3));
    assertTrue(inter.getMessage().contains("interOpThreads") && inter.getMessage().contains("-3"), inter.getMessage());
  }

  @Test
  void defaultsTurnGrapplerAndXlaOff() {
    SessionConfig d = SessionConfig.defaults();
    assertEquals(new SessionConfig(0, 0, false, false, SessionConfig.Device.AUTO), d);
    assertTrue(d.toConfigProto().getAllowSoftPlacement());
    ConfigProto p = d.toConfigProto();
    assertEquals(0, p.getIntraOpParallelismThreads());
    assertEquals(0, p.getInterOpParallelismThreads());
    assertTrue(p.getGraphOptions().getRewriteOptions().getDisableMetaOptimizer());
    assertFalse(p.getGraphOptions().getOptimizerOptions().getGlobalJitLevel() == OptimizerOptions.GlobalJitLevel.ON_1);
  }

  @Test
  void withersReachTheProto() {
    SessionConfig c = SessionConfig.defaults().withThreads(2, 1).withGrappler(true).withXlaJit(true).withDevice(SessionConfig.Device.GPU);
    assertEquals(new SessionConfig(2, 1, true, true, SessionConfig.Device.GPU), c);
    ConfigProto p = c.toConfigProto();
    assertEquals(2, p.getIntraOpParallelismThreads());
    assertEquals(1, p.getInterOpParallelismThreads());
    assertFalse(p.getGraphOptions().getRewriteOptions().getDisableMetaOptimizer());
    assertEquals(OptimizerOptions.GlobalJitLevel.ON_1, p.getGraphOptions().getOptimizerOptions().getGlobalJitLevel());
  }
}
