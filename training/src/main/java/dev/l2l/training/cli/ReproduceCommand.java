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

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name the experiment to reproduce: quadratic or mnist");
  }
}
