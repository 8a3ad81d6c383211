package dev.l2l.training.attach;

import dev.l2l.training.LearnedOptimizers;
import dev.l2l.training.OptimizerFactory;
import dev.l2l.training.io.Checkpoint;
import dev.l2l.training.io.CheckpointException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Learned optimizers shipped with the library as classpath resources ({@code dev/l2l/pretrained/*.l2l},
 * {@link Checkpoint} format), and a loader for checkpoint files. Each checkpoint holds the LSTM's
 * architecture, preprocessing and output scale, so the optimizer runs as it was trained.
 */
public final class Pretrained {
  /** The folder of the shipped checkpoints on the classpath. */
  public static final String RESOURCE_FOLDER = "dev/l2l/pretrained/";

  private Pretrained() {}

  /**
   * The LSTM meta-trained on the paper's quadratic functions (n = 10); produced by {@code ./l2l train
   * --outer-steps 300 --seed 0} (see docs/guide-own-model.md).
   */
  public static Checkpoint quadratic() {
    return resource("quadratic.l2l");
  }

  /**
   * The LSTM meta-trained on the MNIST MLP (the paper's Figure 4 experiment, run on Fashion-MNIST): the
   * selected checkpoint of {@code ./l2l reproduce mnist --seeds 2} (seed 0, 250 outer steps, log-and-sign
   * preprocessing, output scale 0.1; see docs/results.md).
   */
  public static Checkpoint mnist() {
    return resource("mnist.l2l");
  }

  /** Whether the shipped checkpoint {@code fileName} (e.g. {@code mnist.l2l}) is on the classpath. */
  public static boolean isShipped(String fileName) {
    return Pretrained.class.getClassLoader().getResource(RESOURCE_FOLDER + fileName) != null;
  }

  /** A shipped checkpoint by file name, e.g. {@code quadratic.l2l}. */
  public static Checkpoint resource(String fileName) {
    String name = RESOURCE_FOLDER + fileName;
    try (InputStream in = Pretrained.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new CheckpointException(
            Path.of(name), "is not on the classpath (shipped optimizers live in " + RESOURCE_FOLDER + ")");
      }
      byte[] data = in.readNBytes(Math.toIntExact(Checkpoint.MAX_BYTES) + 1);
      if (data.length > Checkpoint.MAX_BYTES) {
        throw new CheckpointException(Path.of(name), "is larger than any checkpoint (" + Checkpoint.MAX_BYTES + ")");
      }
      return Checkpoint.fromBytes(data, Path.of(name));
    } catch (IOException e) {
      throw new CheckpointException(Path.of(name), "cannot be read (" + e.getMessage() + ")", e);
    }
  }

  /** The learned optimizer of a checkpoint file, ready to {@link AttachedOptimizer#attach}. */
  public static OptimizerFactory fromFile(Path checkpoint) {
    return optimizer(Checkpoint.load(checkpoint));
  }

  /** The learned optimizer of a checkpoint, its weights baked into the graph as constants. */
  public static OptimizerFactory optimizer(Checkpoint checkpoint) {
    return LearnedOptimizers.withWeights(checkpoint.weights());
  }
}
