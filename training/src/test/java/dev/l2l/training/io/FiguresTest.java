package dev.l2l.training.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l2l.training.TrainingProgress;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class FiguresTest {
  private static TrainingProgress step(int outer, double metaLoss, double validation) {
    return new TrainingProgress(outer, 4, metaLoss, validation, 1.0, 0, outer, 0);
  }

  @Test
  void metaTrainingPlotsEveryFiniteMetaLossAndOnlyMeasuredValidations() {
    XYChart chart = Figures.metaTraining("t", List.of(
        step(1, 40, Double.NaN), step(2, Double.NaN, Double.NaN), step(3, 20, Double.NaN), step(4, 10, 0.5)));
    XYSeries loss = chart.getSeriesMap().get("meta-loss per unroll");
    assertArrayEquals(new double[] {1, 3, 4}, loss.getXData());
    assertArrayEquals(new double[] {40, 20, 10}, loss.getYData());
    XYSeries validation = chart.getSeriesMap().get("validation loss (final f)");
    assertArrayEquals(new double[] {4}, validation.getXData());
    assertArrayEquals(new double[] {0.5}, validation.getYData());
    assertTrue(chart.getStyler().isYAxisLogarithmic());
    assertEquals("outer step", chart.getXAxisTitle());
  }

  @Test
  void metaTrainingWithoutValidationHasOneSeries() {
    XYChart chart = Figures.metaTraining("t", List.of(step(1, 3, Double.NaN), step(2, 2, Double.NaN)));
    assertEquals(1, chart.getSeriesMap().size());
    assertFalse(chart.getSeriesMap().containsKey("validation loss (final f)"));
  }

  @Test
  void metaTrainingRefusesALogWithNothingToPlot() {
    assertThrows(IllegalArgumentException.class,
        () -> Figures.metaTraining("t", List.of(step(1, Double.NaN, Double.NaN))));
  }

  @Test
  void chartsRenderToImagesOfTheChartSize() {
    BufferedImage image = Figures.toImage(Figures.metaTraining("t", List.of(step(1, 3, 1), step(2, 2, 0.5))));
    assertEquals(900, image.getWidth());
    assertEquals(560, image.getHeight());
  }
}
