package dev.l2l.tasks.mnist;

/** Which of the two MNIST-format file pairs to read. */
public enum Split {
  /** {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}: 60,000 images in MNIST. */
  TRAIN("train"),
  /** {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}: 10,000 images in MNIST. */
  TEST("t10k");

  private final String prefix;

  Split(String prefix) {
    this.prefix = prefix;
  }

  /** The images file's name without {@code .gz}. */
  public String imagesFile() {
    return prefix + "-images-idx3-ubyte";
  }

  /** The labels file's name without {@code .gz}. */
  public String labelsFile() {
    return prefix + "-labels-idx1-ubyte";
  }
}
