package dev.l2l.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

/**
 * The heap the current thread has allocated so far, so a test can show that a file claiming a huge size is
 * refused without allocating it: the test heap may be large enough for such an allocation to succeed, so
 * only a measurement tells.
 */
public final class Allocations {
  private Allocations() {}

  /**
   * Bytes allocated by the current thread since it started (take the difference of two calls). Skips the
   * test on a JVM that cannot measure them.
   */
  public static long threadAllocatedBytes() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
        "this JVM cannot measure the bytes a thread allocates");
    return threads.getCurrentThreadAllocatedBytes();
  }
}
