package dev.l2l.tasks;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * A batch of B quadratic problems f_b(θ_b) = ||W_b θ_b − y_b||², held as row-major float arrays:
 * {@code w} is [B, n, n], {@code y} and {@code theta0} are [B, n].
 *
 * <p>Besides the data it offers plain-Java double-precision reference maths (loss, gradient, exact
 * least-squares optimum) used to check the graph.
 */
public final class QuadraticBatch implements ProblemBatch {
  private final int batchSize;
  private final int dimension;
  private final float[] w;
  private final float[] y;
  private final float[] theta0;

  public QuadraticBatch(int batchSize, int dimension, float[] w, float[] y, float[] theta0) {
    if (w.length != batchSize * dimension * dimension
        || y.length != batchSize * dimension
        || theta0.length != batchSize * dimension) {
      throw new IllegalArgumentException("array sizes do not match batch " + batchSize + " × dimension " + dimension);
    }
    this.batchSize = batchSize;
    this.dimension = dimension;
    this.w = w;
    this.y = y;
    this.theta0 = theta0;
  }

  public int batchSize() {
    return batchSize;
  }

  public int dimension() {
    return dimension;
  }

  /** W of every problem, [B, n, n] row-major (a view: do not modify). */
  public float[] w() {
    return w;
  }

  /** y of every problem, [B, n] row-major (a view: do not modify). */
  public float[] y() {
    return y;
  }

  @Override
  public float[] initialParameters() {
    return theta0.clone();
  }

  /** Reference loss: mean over problems of ||W_b θ_b − y_b||², in double precision. */
  public double loss(double[] theta) {
    double total = 0;
    for (int b = 0; b < batchSize; b++) {
      double[] r = residual(b, theta);
      for (double v : r) {
        total += v * v;
      }
    }
    return total / batchSize;
  }

  /** Reference gradient of {@link #loss}: (2 / B) W_bᵀ (W_b θ_b − y_b) for each problem. */
  public double[] gradient(double[] theta) {
    int n = dimension;
    double[] g = new double[batchSize * n];
    for (int b = 0; b < batchSize; b++) {
      double[] r = residual(b, theta);
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += w[b * n * n + i * n + j] * r[i];
        }
        g[b * n + j] = 2.0 * s / batchSize;
      }
    }
    return g;
  }

  private double[] residual(int b, double[] theta) {
    int n = dimension;
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      double s = -y[b * n + i];
      for (int j = 0; j < n; j++) {
        s += w[b * n * n + i * n + j] * theta[b * n + j];
      }
      r[i] = s;
    }
    return r;
  }

  /** The exact least-squares minimiser of every problem (QR decomposition, Commons Math), [B, n]. */
  public double[] leastSquaresOptimum() {
    int n = dimension;
    double[] theta = new double[batchSize * n];
    for (int b = 0; b < batchSize; b++) {
      RealMatrix m = new Array2DRowRealMatrix(n, n);
      RealVector rhs = new ArrayRealVector(n);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          m.setEntry(i, j, w[b * n * n + i * n + j]);
        }
        rhs.setEntry(i, y[b * n + i]);
      }
      RealVector solution = new QRDecomposition(m).getSolver().solve(rhs);
      for (int j = 0; j < n; j++) {
        theta[b * n + j] = solution.getEntry(j);
      }
    }
    return theta;
  }

  /** The loss at the least-squares optimum (0 up to rounding when every W is invertible). */
  public double optimumLoss() {
    return loss(leastSquaresOptimum());
  }
}
