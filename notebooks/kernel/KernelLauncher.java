import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts the Jupyter Java kernel rapaio-jupyter-kernel 3.0.1 ({@code org.rapaio.jupyter.kernel.MainApp}) and
 * repairs its start-up races.
 *
 * <p>The kernel's shell, control and heartbeat channels each run a loop thread that repeats while a
 * {@code running} flag is true. Version 3.0.1 sets that flag just after starting the thread, so on a busy
 * machine a loop can read {@code false} and end at once; and the shell loop can receive a message before the
 * kernel has set its handler map, and die of a NullPointerException. Either leaves the kernel deaf, and
 * Jupyter gives up with "Kernel didn't respond" (5 of 11 starts on this project's loaded 2-core machine).
 * Once the channels are connected, this launcher looks at the three loop threads: one that has ended
 * although its flag is true died in one of these races, and its loop is run again on a new thread. (A
 * request it lost is sent again by Jupyter, which repeats kernel_info requests until one is answered.)
 *
 * <p>It reads private fields of the pinned version by reflection; when they are not found it says so on
 * standard error and changes nothing (notebooks/run-all.sh still retries a kernel that does not respond).
 *
 * <p>Usage (the kernelspec's argv): {@code java -cp rapaio-jupyter-kernel-3.0.1.jar:DIR KernelLauncher
 * CONNECTION_FILE}, DIR holding this class compiled ({@code javac -d DIR KernelLauncher.java}).
 */
public final class KernelLauncher {
  private static final String MAIN = "org.rapaio.jupyter.kernel.MainApp";
  private static final long WAIT_MILLIS = 60_000;
  private static final List<Thread> REPAIRED = new CopyOnWriteArrayList<>();

  private KernelLauncher() {}

  public static void main(String[] args) throws Exception {
    // Initialise the kernel class (it creates the kernel in a static field) on this thread, as MainApp would.
    Class<?> main = Class.forName(MAIN, true, KernelLauncher.class.getClassLoader());
    Thread watcher = new Thread(() -> repairLoops(main), "l2l-loop-repair");
    watcher.setDaemon(true);
    watcher.start();
    // Returns when the kernel's own loop threads have ended: at shutdown, or at once if every one of them died.
    main.getMethod("main", String[].class).invoke(null, (Object) args);
    watcher.join(WAIT_MILLIS);
    for (Thread loop : REPAIRED) {
      loop.join();
    }
  }

  private static void repairLoops(Class<?> main) {
    try {
      Object kernel = main.getField("kernel").get(null);
      Object channels = waitFor(() -> kernel.getClass().getMethod("channels").invoke(kernel));
      for (String name : List.of("shell", "control", "heartbeat")) {
        Object channel = waitFor(() -> field(channels, name));
        Thread loop = (Thread) waitFor(() -> field(channel, "loopThread"));
        Field running = loop.getClass().getDeclaredField("running");
        running.setAccessible(true);
        waitFor(() -> running.getBoolean(loop) ? Boolean.TRUE : null); // its start() has returned
        loop.join(200); // a loop that lost a race ends within microseconds; a healthy one runs until shutdown
        if (loop.getState() == Thread.State.TERMINATED && running.getBoolean(loop)) {
          System.err.println("[l2l kernel launcher] the " + name + " loop died at start-up; running it again");
          Thread again = new Thread(loop::run, loop.getName() + "-again");
          again.setDaemon(false);
          REPAIRED.add(again);
          again.start();
        }
      }
    } catch (Exception e) {
      System.err.println("[l2l kernel launcher] cannot watch the kernel's channel loops (" + e
          + "); start-up races are not repaired");
    }
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(owner);
  }

  /** Polls {@code value} every 10 ms until it is not null. */
  private static Object waitFor(Callable<Object> value) throws Exception {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (true) {
      Object v = value.call();
      if (v != null) {
        return v;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("timed out waiting for the kernel to connect its channels");
      }
      Thread.sleep(10);
    }
  }
}
