package dev.l2l.tasks.mnist;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find real MNIST-format data: Debian's dataset-fashion-mnist (installed by .ci/run). */
public final class FashionMnistFiles {
  public static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

  private FashionMnistFiles() {}

  /** The folder, or a skipped test naming the package to install. */
  public static Path dir() {
    assumeTrue(Files.isRegularFile(DIR.resolve("t10k-labels-idx1-ubyte.gz")),
        "real data missing: apt-get install dataset-fashion-mnist (puts it in " + DIR + ")");
    return DIR;
  }
}
