package dev.l2l.tasks.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDataTest {
  @TempDir Path tmp;

  @Test
  void loadsTheRealFashionMnistTestSet() throws IOException {
    Path dir = FashionMnistFiles.dir();
    MnistData test = MnistData.load(dir, Split.TEST);
    assertEquals(10000, test.count());
    assertEquals(28, test.rows());
    assertEquals(28, test.columns());
    assertEquals(784, test.pixels());
    // Fashion-MNIST's test set is balanced: 1000 images of each class.
    int[] perClass = new int[MnistData.CLASSES];
    for (int l : test.labels()) {
      perClass[l]++;
    }
    for (int c = 0; c < MnistData.CLASSES; c++) {
      assertEquals(1000, perClass[c], "class " + c);
    }
    // Pixels are the raw bytes / 255, in order.
    byte[] raw;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("t10k-images-idx3-ubyte.gz")))) {
      raw = in.readAllBytes();
    }
    for (int i : new int[] {0, 1, 783, 784, 5000 * 784 + 400, 10000 * 784 - 1}) {
      assertEquals((raw[16 + i] & 0xff) / 255f, test.images()[i], "pixel " + i);
    }
    float max = 0;
    for (float v : test.images()) {
      max = Math.max(max, v);
    }
    assertEquals(1f, max);
  }

  @Test
  void splitsIntoTwoDisjointParts() throws IOException {
    MnistData test = MnistData.load(FashionMnistFiles.dir(), Split.TEST);
    MnistData[] parts = test.split(7000);
    assertEquals(7000, parts[0].count());
    assertEquals(3000, parts[1].count());
    assertEquals(test.labels()[7000], parts[1].labels()[0]);
    assertEquals(test.images()[7000 * 784 + 300], parts[1].images()[300]);
    assertEquals(test.labels()[6999], parts[0].labels()[6999]);
    assertThrows(IllegalArgumentException.class, () -> test.split(10000));
    assertThrows(IllegalArgumentException.class, () -> test.range(-1, 5));
  }

  private void writeSet(String prefix, int images, int labels, byte label) throws IOException {
    byte[] pixels = new byte[images * 4];
    byte[] ls = new byte[labels];
    java.util.Arrays.fill(ls, label);
    Files.write(tmp.resolve(prefix + "-images-idx3-ubyte.gz"),
        IdxReaderTest.gzip(IdxReaderTest.idx(0x0803, new int[] {images, 2, 2}, pixels)));
    Files.write(tmp.resolve(prefix + "-labels-idx1-ubyte"), IdxReaderTest.idx(0x0801, new int[] {labels}, ls));
  }

  @Test
  void readsAMixOfPlainAndGzipFiles() throws IOException {
    writeSet("train", 3, 3, (byte) 4);
    MnistData d = MnistData.load(tmp, Split.TRAIN);
    assertEquals(3, d.count());
    assertEquals(4, d.pixels());
    assertArrayEquals(new int[] {4, 4, 4}, d.labels());
  }

  @Test
  void mismatchedCountsAreRefusedNamingBothFiles() throws IOException {
    writeSet("t10k", 5, 4, (byte) 1);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistData.load(tmp, Split.TEST));
    assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz: holds 5 images but t10k-labels-idx1-ubyte holds 4 labels"),
        e.getMessage());
  }

  @Test
  void labelsAboveNineAreRefused() throws IOException {
    writeSet("t10k", 2, 2, (byte) 10);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistData.load(tmp, Split.TEST));
    assertTrue(e.getMessage().contains("label 0 is 10, expected 0..9"), e.getMessage());
  }

  @Test
  void missingFilesAreNamed() {
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistData.load(tmp, Split.TRAIN));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
  }

  @Test
  void inMemoryDataIsValidated() {
    MnistData d = MnistData.of(new float[] {0, 0.5f, 1, 0.25f}, new int[] {3, 9}, 1, 2);
    assertEquals(2, d.count());
    assertThrows(IllegalArgumentException.class, () -> MnistData.of(new float[3], new int[] {1, 2}, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> MnistData.of(new float[2], new int[] {10}, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> MnistData.of(new float[] {0, 2}, new int[] {1}, 1, 2));
  }
}
