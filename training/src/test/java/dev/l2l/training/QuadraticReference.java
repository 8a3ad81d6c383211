package dev.l2l.training;

import dev.l2l.tasks.QuadraticBatch;

/**
 * Plain-Java double-precision references on quadratic batches for the training tests: the loss and
 * gradient are written out here again (not taken from {@link QuadraticBatch}) so the inner loop is
 * checked against maths independent of the code under test.
 */
final class QuadraticReference {
  private QuadraticReference() {}

  static double loss(QuadraticBatch q, double[] theta) {
    int n = q.dimension();
    double total = 0;
    for (int b = 0; b < q.batchSize(); b++) {
      for (int i = 0; i < n; i++) {
        double r = -q.y()[b * n + i];
        for (int j = 0; j < n; j++) {
          r += (double) q.w()[(b * n + i) * n + j] * theta[b * n + j];
        }
        total += r * r;
      }
    }
    return total / q.batchSize();
  }

  static double[] gradient(QuadraticBatch q, double[] theta) {
    int n = q.dimension();
    int bs = q.batchSize();
    double[] g = new double[bs * n];
    for (int b = 0; b < bs; b++) {
      for (int i = 0; i < n; i++) {
        double r = -q.y()[b * n + i];
        for (int j = 0; j < n; j++) {
          r += (double) q.w()[(b * n + i) * n + j] * theta[b * n + j];
        }
        for (int j = 0; j < n; j++) {
          g[b * n + j] += 2.0 / bs * q.w()[(b * n + i) * n + j] * r;
        }
      }
    }
    return g;
  }

  static double[] theta0(QuadraticBatch q) {
    float[] f = q.initialParameters();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /** f(θ_t), t = 0..steps, of plain SGD θ ← θ − α ∇f(θ). */
  static double[] sgd(QuadraticBatch q, double learningRate, int steps) {
    return sgd(q, theta0(q), learningRate, steps);
  }

  /** The same from a given θ₀. */
  static double[] sgd(QuadraticBatch q, double[] theta0, double learningRate, int steps) {
    double[] theta = theta0.clone();
    double[] losses = new double[steps + 1];
    for (int t = 0; t < steps; t++) {
      losses[t] = loss(q, theta);
      double[] g = gradient(q, theta);
      for (int i = 0; i < theta.length; i++) {
        theta[i] -= learningRate * g[i];
      }
    }
    losses[steps] = loss(q, theta);
    return losses;
  }

  /** f(θ_t), t = 0..steps, of heavy-ball momentum v ← μ v + ∇f; θ ← θ − α v (state zero at the start). */
  static double[] momentum(QuadraticBatch q, double learningRate, double mu, int steps) {
    return momentum(q, theta0(q), learningRate, mu, steps);
  }

  /** The same from a given θ₀. */
  static double[] momentum(QuadraticBatch q, double[] theta0, double learningRate, double mu, int steps) {
    double[] theta = theta0.clone();
    double[] v = new double[theta.length];
    double[] losses = new double[steps + 1];
    for (int t = 0; t < steps; t++) {
      losses[t] = loss(q, theta);
      double[] g = gradient(q, theta);
      for (int i = 0; i < theta.length; i++) {
        v[i] = mu * v[i] + g[i];
        theta[i] -= learningRate * v[i];
      }
    }
    losses[steps] = loss(q, theta);
    return losses;
  }
}
