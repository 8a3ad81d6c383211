package dev.l2l.tasks.mnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Labelled images in the MNIST format, held in memory: pixels scaled to [0, 1] as floats, labels 0..9.
 * MNIST and Fashion-MNIST read the same way.
 *
 * <pre>
 *   MnistData train = MnistData.load(Path.of("/usr/share/datasets/fashion-mnist"), Split.TRAIN);
 *   float[] first = Arrays.copyOfRange(train.images(), 0, train.pixels());   // image 0
 *   int label = train.labels()[0];
 * </pre>
 *
 * Immutable: the arrays returned are views; do not modify them.
 */
public final class MnistData {
  /** The number of classes (labels are 0..9). */
  public static final int CLASSES = 10;

  private final float[] images;
  private final int[] labels;
  private final int rows;
  private final int columns;

  private MnistData(float[] images, int[] labels, int rows, int columns) {
    this.images = images;
    this.labels = labels;
    this.rows = rows;
    this.columns = columns;
  }

  /**
   * Images and labels built in memory (e.g. for tests): {@code images} holds {@code labels.length}
   * images of {@code rows × columns} pixels, row-major, each in [0, 1].
   */
  public static MnistData of(float[] images, int[] labels, int rows, int columns) {
    if (rows <= 0 || columns <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + rows + " × " + columns);
    }
    if (images.length != (long) labels.length * rows * columns) {
      throw new IllegalArgumentException(
          images.length + " pixels do not make " + labels.length + " images of " + rows + " × " + columns);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= CLASSES) {
        throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", expected 0.." + (CLASSES - 1));
      }
    }
    for (int i = 0; i < images.length; i++) {
      if (!(images[i] >= 0 && images[i] <= 1)) {
        throw new IllegalArgumentException("pixel " + i + " is " + images[i] + ", expected a value in [0, 1]");
      }
    }
    return new MnistData(images.clone(), labels.clone(), rows, columns);
  }

  /**
   * Reads the images and labels of {@code split} from {@code dir}, each file plain or {@code .gz}
   * (e.g. {@code train-images-idx3-ubyte.gz}).
   *
   * @throws IdxFormatException naming the file at fault: missing, malformed, or images and labels that
   *     do not match
   */
  public static MnistData load(Path dir, Split split) throws IOException {
    Path imageFile = find(dir, split.imagesFile());
    Path labelFile = find(dir, split.labelsFile());
    IdxReader.Idx labelIdx = IdxReader.read(labelFile, 1);
    int count = labelIdx.dimensions()[0];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = labelIdx.data()[i] & 0xff;
      if (labels[i] >= CLASSES) {
        throw new IdxFormatException(labelFile, "label " + i + " is " + labels[i] + ", expected 0.." + (CLASSES - 1));
      }
    }
    IdxReader.Idx imageIdx = IdxReader.read(imageFile, 3);
    int[] dims = imageIdx.dimensions();
    if (dims[0] != count) {
      throw new IdxFormatException(imageFile, "holds " + dims[0] + " images but " + labelFile.getFileName()
          + " holds " + count + " labels: the two files do not belong together");
    }
    byte[] raw = imageIdx.data();
    float[] images = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      images[i] = (raw[i] & 0xff) / 255f;
    }
    return new MnistData(images, labels, dims[1], dims[2]);
  }

  /** {@code dir/name}, or {@code dir/name.gz} when only that exists. */
  private static Path find(Path dir, String name) throws IdxFormatException {
    Path plain = dir.resolve(name);
    Path gzip = dir.resolve(name + ".gz");
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    if (Files.isRegularFile(gzip)) {
      return gzip;
    }
    throw new IdxFormatException(plain, "missing (looked for " + name + " and " + name + ".gz in "
        + dir.toAbsolutePath() + "); the folder must hold the four MNIST-format files");
  }

  /** The number of images. */
  public int count() {
    return labels.length;
  }

  /** Pixels per image: rows × columns (784 for MNIST). */
  public int pixels() {
    return rows * columns;
  }

  public int rows() {
    return rows;
  }

  public int columns() {
    return columns;
  }

  /** Every image's pixels in [0, 1], [count, pixels] row-major (a view: do not modify). */
  public float[] images() {
    return images;
  }

  /** Every image's label, 0..9 (a view: do not modify). */
  public int[] labels() {
    return labels;
  }

  /** Images {@code from} (inclusive) to {@code to} (exclusive), e.g. to split off a validation part. */
  public MnistData range(int from, int to) {
    if (from < 0 || to > count() || from >= to) {
      throw new IllegalArgumentException("range [" + from + ", " + to + ") is not a non-empty part of " + count() + " images");
    }
    float[] im = java.util.Arrays.copyOfRange(images, from * pixels(), to * pixels());
    int[] lb = java.util.Arrays.copyOfRange(labels, from, to);
    return new MnistData(im, lb, rows, columns);
  }

  /**
   * The first {@code firstCount} images and the rest, e.g. {@code split(50000)} of the 60,000 training
   * images gives 50,000 for meta-training and 10,000 for evaluation.
   */
  public MnistData[] split(int firstCount) {
    return new MnistData[] {range(0, firstCount), range(firstCount, count())};
  }
}
