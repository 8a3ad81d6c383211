package dev.l2l.training;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * An optimizer's loss per step over several problem batches: the mean and the standard deviation
 * across batches of the batch-mean loss, for t = 0..steps.
 *
 * @param name the optimizer's name, as shown in tables and figures
 * @param mean mean loss at every step
 * @param std standard deviation across batches at every step
 * @param perBatch the loss of every batch at every step, [batch][step]
 */
public record Curve(String name, double[] mean, double[] std, double[][] perBatch) {
  /** Summarises {@code perBatch} ([batch][step]) with Commons Math statistics. */
  public static Curve of(String name, double[][] perBatch) {
    int steps = perBatch[0].length;
    double[] mean = new double[steps];
    double[] std = new double[steps];
    for (int t = 0; t < steps; t++) {
      SummaryStatistics s = new SummaryStatistics();
      for (double[] batch : perBatch) {
        s.addValue(batch[t]);
      }
      mean[t] = s.getMean();
      std[t] = perBatch.length > 1 ? s.getStandardDeviation() : 0;
    }
    return new Curve(name, mean, std, perBatch);
  }

  /** The number of steps run (the curve has one more point). */
  public int steps() {
    return mean.length - 1;
  }

  /** The mean loss at the last step. */
  public double finalMean() {
    return mean[mean.length - 1];
  }

  public Curve withName(String newName) {
    return new Curve(newName, mean, std, perBatch);
  }
}
