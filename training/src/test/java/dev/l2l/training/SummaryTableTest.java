package dev.l2l.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

  @Test
  void tableShowsMeanAndStdAtTheChosenStepsAndTheRatio() {
    Curve sgd = Curve.of("SGD", new double[][] {{100, 4, 1.0}, {200, 6, 1.5}});
    Curve lstm = Curve.of("LSTM", new double[][] {{100, 2, 0.25}, {200, 2, 0.25}});
    String md = SummaryTable.markdown(List.of(sgd, lstm), new int[] {0, 2, 5}, "lr", Map.of("SGD", "1.8"), sgd);
    String[] lines = md.split("\n");
    assertEquals(4, lines.length);
    assertEquals("| optimizer | lr | step 0 | step 2 | step 5 | final / SGD |", lines[0]);
    assertEquals("|---|---|---|---|---|---|", lines[1]);
    // SGD: step 0 mean 150, std √5000 = 70.7; step 2 mean 1.25, std √0.125 = 0.354; ratio 1.00
    assertEquals("| SGD | 1.8 | 150 ± 70.7 | 1.25 ± 0.354 | – | 1.00 |", lines[2]);
    // LSTM: final 0.25 / 1.25 = 0.20
    assertEquals("| LSTM |  | 150 ± 70.7 | 0.250 ± 0.00 | – | 0.20 |", lines[3]);
  }

  @Test
  void withoutNotesOrReference() {
    Curve c = Curve.of("Adam", new double[][] {{3e-4, 2e5}});
    String md = SummaryTable.markdown(List.of(c), new int[] {0, 1}, null, Map.of(), null);
    assertEquals("| optimizer | step 0 | step 1 |\n|---|---|---|\n| Adam | 3.00e-04 ± 0.00 | 2.00e+05 ± 0.00 |\n", md);
  }

  @Test
  void formatsThreeSignificantDigits() {
    assertEquals("0.333", SummaryTable.fmt(1.0 / 3));
    assertEquals("1.23e-04", SummaryTable.fmt(1.234e-4));
    assertEquals("1.23e+05", SummaryTable.fmt(123456));
    assertEquals("9.88e+04", SummaryTable.fmt(98765.4)); // %.3g itself switches to scientific here
    assertEquals("0.00", SummaryTable.fmt(0));
    assertEquals("NaN", SummaryTable.fmt(Double.NaN));
    assertEquals("Infinity", SummaryTable.fmt(Double.POSITIVE_INFINITY));
  }
}
