package dev.l2l.training.io;

import dev.l2l.training.Curve;
import dev.l2l.training.TrainingProgress;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Loss-per-step figures like the paper's Figure 2: the mean loss of each optimizer on a log scale,
 * with its spread across problem batches drawn as thin lines at the lowest and highest batch.
 */
public final class Figures {
  private static final Color[] COLORS = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd),
    new Color(0xd62728), new Color(0x8c564b), new Color(0x17becf)
  };

  private Figures() {}

  /**
   * A chart of {@code curves} (mean per step, log scale, band = lowest and highest batch). When the means
   * span less than two decades (e.g. classification losses), the log axis is labelled between the powers of
   * ten too.
   */
  public static XYChart lossCurves(String title, List<Curve> curves) {
    XYChart chart =
        new XYChartBuilder().width(900).height(560).title(title).xAxisTitle("step").yAxisTitle("loss").build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setXAxisTickMarkSpacingHint(90);
    chart.getStyler().setXAxisDecimalPattern("0");
    double lowest = Double.POSITIVE_INFINITY;
    double highest = 0;
    for (Curve c : curves) {
      for (double m : c.mean()) {
        if (m > 0 && Double.isFinite(m)) {
          lowest = Math.min(lowest, m);
          highest = Math.max(highest, m);
        }
      }
    }
    if (highest > 0 && highest / lowest < 100) {
      chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
    }
    for (int i = 0; i < curves.size(); i++) {
      Curve c = curves.get(i);
      Color color = COLORS[i % COLORS.length];
      double[] steps = new double[c.mean().length];
      double[] low = new double[steps.length];
      double[] high = new double[steps.length];
      for (int t = 0; t < steps.length; t++) {
        steps[t] = t;
        low[t] = Double.POSITIVE_INFINITY;
        high[t] = 0;
        for (double[] batch : c.perBatch()) {
          low[t] = Math.min(low[t], batch[t]);
          high[t] = Math.max(high[t], batch[t]);
        }
      }
      XYSeries mean = chart.addSeries(c.name(), steps, c.mean());
      mean.setLineColor(color);
      mean.setLineWidth(2.2f);
      mean.setLineStyle(SeriesLines.SOLID);
      mean.setMarker(SeriesMarkers.NONE);
      if (c.perBatch().length > 1) {
        Color faint = new Color(color.getRed(), color.getGreen(), color.getBlue(), 110);
        for (String part : new String[] {"low", "high"}) {
          XYSeries band = chart.addSeries(c.name() + " " + part, steps, part.equals("low") ? low : high);
          band.setLineColor(faint);
          band.setLineStyle(new BasicStroke(0.8f));
          band.setMarker(SeriesMarkers.NONE);
          band.setShowInLegend(false);
        }
      }
    }
    return chart;
  }

  /**
   * A chart of meta-training: the mean meta-loss of each outer step's unrolls (the sum of an unroll's inner
   * losses) and the validation loss where it was measured, against the outer step, on a log scale. Steps
   * whose meta-loss is not a positive finite number (every unroll skipped) are left out.
   *
   * <pre>
   *   List&lt;TrainingProgress&gt; log = new ArrayList&lt;&gt;();
   *   trainer.train(log::add);
   *   display(Figures.toImage(Figures.metaTraining("Meta-training", log)));
   * </pre>
   */
  public static XYChart metaTraining(String title, List<TrainingProgress> progress) {
    XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle("outer step").yAxisTitle("loss").build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
    chart.getStyler().setXAxisDecimalPattern("0");
    List<Double> steps = new ArrayList<>();
    List<Double> metaLoss = new ArrayList<>();
    List<Double> validationSteps = new ArrayList<>();
    List<Double> validation = new ArrayList<>();
    for (TrainingProgress p : progress) {
      if (p.metaLoss() > 0 && Double.isFinite(p.metaLoss())) {
        steps.add((double) p.outerStep());
        metaLoss.add(p.metaLoss());
      }
      if (p.validationLoss() > 0 && Double.isFinite(p.validationLoss())) {
        validationSteps.add((double) p.outerStep());
        validation.add(p.validationLoss());
      }
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("no outer step has a finite meta-loss to plot");
    }
    XYSeries loss = chart.addSeries("meta-loss per unroll", steps, metaLoss);
    loss.setLineColor(COLORS[0]);
    loss.setLineWidth(1.2f);
    loss.setMarker(SeriesMarkers.NONE);
    if (!validation.isEmpty()) {
      XYSeries v = chart.addSeries("validation loss (final f)", validationSteps, validation);
      v.setLineColor(COLORS[1]);
      v.setMarkerColor(COLORS[1]);
      v.setLineWidth(2f);
      v.setMarker(SeriesMarkers.CIRCLE);
    }
    return chart;
  }

  /** The chart as an image (for notebooks: {@code display(image)}). */
  public static BufferedImage toImage(XYChart chart) {
    return BitmapEncoder.getBufferedImage(chart);
  }

  /** Writes {@code base}.png and {@code base}.svg, each atomically. */
  public static void save(XYChart chart, Path base) throws IOException {
    Path dir = base.toAbsolutePath().getParent();
    String name = base.getFileName().toString();
    AtomicFiles.write(dir.resolve(name + ".png"), out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    AtomicFiles.write(
        dir.resolve(name + ".svg"),
        out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
  }
}
