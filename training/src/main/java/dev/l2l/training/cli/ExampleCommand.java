package dev.l2l.training.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code l2l example}: programs that use the library as a user would. */
@Command(
    name = "example",
    mixinStandardHelpOptions = true,
    description = "Example programs that use the library as a user would.",
    subcommands = {FashionMnistCommand.class})
final class ExampleCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
