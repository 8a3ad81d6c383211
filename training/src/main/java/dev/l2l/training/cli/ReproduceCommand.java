package dev.l2l.training.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code l2l reproduce <experiment>}. */
@Command(
    name = "reproduce",
    mixinStandardHelpOptions = true,
    description = "Reproduce one of the paper's experiments end to end.",
    subcommands = {QuadraticCommand.class, MnistCommand.class})
final class ReproduceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Catches a name that is not one of the subcommands, to refuse it with the list of experiments. */
  @CommandLine.Parameters(arity = "0..1", paramLabel = "EXPERIMENT", hidden = true)
  String unknown;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), unknown == null
        ? "name the experiment to reproduce: quadratic or mnist"
        : "unknown experiment '" + unknown + "'; choose quadratic or mnist");
  }
}
