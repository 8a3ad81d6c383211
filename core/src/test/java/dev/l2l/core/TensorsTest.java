package dev.l2l.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class TensorsTest {

  private static float[] ramp(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = 0.25f * i - 3.5f + (i % 3) * 1e-3f;
    }
    return v;
  }

  @Test
  void floatRoundTripKeepsShapeAndEveryValue() {
    float[] values = ramp(24);
    try (TFloat32 t = Tensors.of(Shape.of(2, 3, 4), values)) {
      assertEquals(Shape.of(2, 3, 4), t.shape());
      assertArrayEquals(values, Tensors.toFloats(t));
      // row-major: element [1, 2, 3] is at 1*12 + 2*4 + 3 = 23
      assertEquals(values[23], t.getFloat(1, 2, 3));
      assertEquals(values[6], t.getFloat(0, 1, 2));
    }
  }

  @Test
  void doublesAreRoundedToFloatAndReadBackAsThoseFloats() {
    double[] values = {0.1, -1.0 / 3, 1e-9, 12345.678901234, Math.PI, -0.0};
    try (TFloat32 t = Tensors.of(Shape.of(3, 2), values)) {
      double[] back = Tensors.toDoubles(t);
      assertEquals(6, back.length);
      for (int i = 0; i < values.length; i++) {
        assertEquals((double) (float) values[i], back[i], 0.0, "element " + i);
      }
      // rounding to float really happened: 0.1 is not representable
      assertTrue(back[0] != 0.1);
    }
    assertArrayEquals(new float[] {0.1f, 2.5f}, Tensors.toFloats(new double[] {0.1, 2.5}));
  }

  @Test
  void zerosAndScalars() {
    try (TFloat32 z = Tensors.zeros(Shape.of(4, 5));
        TFloat32 s = Tensors.scalar(-2.75f)) {
      assertEquals(Shape.of(4, 5), z.shape());
      assertArrayEquals(new float[20], Tensors.toFloats(z));
      assertEquals(0, s.shape().numDimensions());
      assertEquals(-2.75f, Tensors.toScalar(s));
    }
    try (TFloat32 one = Tensors.of(Shape.of(1, 1), new float[] {7.5f})) {
      assertEquals(7.5f, Tensors.toScalar(one));
    }
  }

  @Test
  void wrongSizesAreRefusedWithTheShapeInTheMessage() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensors.of(Shape.of(2, 3), new float[5]));
    assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("6") && e.getMessage().contains("5"),
        e.getMessage());
    try (TFloat32 two = Tensors.of(Shape.of(2), new float[] {1, 2})) {
      IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> Tensors.toScalar(two));
      assertTrue(s.getMessage().contains("[2]"), s.getMessage());
    }
  }

  /** The layout the graph sees is the row-major layout of the Java array: a transpose shows it. */
  @Test
  void graphSeesRowMajorLayout() {
    float[] values = ramp(6); // [2, 3]
    try (GraphSession g = new GraphSession()) {
      Ops tf = g.tf();
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 3)));
      var transposed = tf.linalg.transpose(x, tf.constant(new int[] {1, 0}));
      var rowSums = tf.sum(x, tf.constant(1));
      try (Feeds feeds = new Feeds().add(x, Shape.of(2, 3), values);
          Result r = feeds.applyTo(g.session().runner()).fetch(transposed).fetch(rowSums).run()) {
        float[] t = Tensors.toFloats(r.get(0));
        float[] expected = new float[6];
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 3; j++) {
            expected[j * 2 + i] = values[i * 3 + j];
          }
        }
        assertArrayEquals(expected, t);
        double[] sums = Tensors.toDoubles(r.get(1));
        NumericAsserts.assertAllClose(
            new double[] {(double) values[0] + values[1] + values[2], (double) values[3] + values[4] + values[5]},
            sums, 1e-6, 1e-6, "row sums");
      }
    }
  }
}
