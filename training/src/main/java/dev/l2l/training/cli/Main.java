package dev.l2l.training.cli;

import dev.l2l.core.NativeLibraryException;
import dev.l2l.optimizers.learned.FusedLstmCell;
import dev.l2l.training.DivergenceException;
import dev.l2l.training.io.CheckpointException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code l2l} command line. Exit codes: 0 success, 2 bad input (a wrong option, a missing or corrupt
 * file, an existing run folder), 3 meta-training diverged, 4 TensorFlow's native library did not load,
 * 1 anything else.
 */
@Command(
    name = "l2l",
    mixinStandardHelpOptions = true,
    version = "l2l 0.1.0 (TensorFlow Java 1.1.0)",
    description = "Learning to learn by gradient descent by gradient descent, on TensorFlow Java.",
    subcommands = {
      ReproduceCommand.class,
      BaselinesCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      BenchCommand.class,
      ExampleCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static final int BAD_INPUT = 2;
  public static final int DIVERGED = 3;
  public static final int NO_NATIVE_LIBRARY = 4;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs {@code args} and returns the exit code; output goes to the given writers. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof IllegalArgumentException || e instanceof CheckpointException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
          }
          if (e instanceof DivergenceException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return DIVERGED;
          }
          if (e instanceof NativeLibraryException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return NO_NATIVE_LIBRARY;
          }
          throw e;
        });
    try {
      FusedLstmCell.checkProperty(); // a bad -Dl2l.fusedLstmCell is refused before any command starts
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return BAD_INPUT;
    }
    return cli.execute(args);
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(execute(out, err, args));
  }
}
