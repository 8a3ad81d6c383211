package dev.l2l.optimizers;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain-Java, double-precision references of the hand-crafted optimizers, written from the update rules
 * in each record's Javadoc (not from the graph code). State layout and order match {@link
 * Optimizer#stateShapes}; every state starts at zero.
 */
public final class ReferenceHandCraftedOptimizers {
  private ReferenceHandCraftedOptimizers() {}

  /** One reference step: the update g_t and the next state. */
  public record Step(double[] update, List<double[]> state) {}

  /** A reference optimizer: (∇f(θ_t), h_t) → (g_t, h_{t+1}). */
  public interface Reference {
    /** The zero state for {@code n} coordinates. */
    List<double[]> initialState(int n);

    Step step(double[] gradient, List<double[]> state);
  }

  /** g = −α ∇f. */
  public static Reference sgd(double alpha) {
    return new Reference() {
      @Override
      public List<double[]> initialState(int n) {
        return List.of();
      }

      @Override
      public Step step(double[] g, List<double[]> state) {
        double[] u = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          u[i] = -alpha * g[i];
        }
        return new Step(u, List.of());
      }
    };
  }

  /** v' = μ v + ∇f; g = −α v'. */
  public static Reference momentum(double alpha, double mu) {
    return new Reference() {
      @Override
      public List<double[]> initialState(int n) {
        return List.of(new double[n]);
      }

      @Override
      public Step step(double[] g, List<double[]> state) {
        double[] v = state.get(0);
        double[] vNext = new double[g.length];
        double[] u = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          vNext[i] = mu * v[i] + g[i];
          u[i] = -alpha * vNext[i];
        }
        return new Step(u, List.of(vNext));
      }
    };
  }

  /** v' = μ v + ∇f; g = −α (∇f + μ v'). */
  public static Reference nag(double alpha, double mu) {
    return new Reference() {
      @Override
      public List<double[]> initialState(int n) {
        return List.of(new double[n]);
      }

      @Override
      public Step step(double[] g, List<double[]> state) {
        double[] v = state.get(0);
        double[] vNext = new double[g.length];
        double[] u = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          vNext[i] = mu * v[i] + g[i];
          u[i] = -alpha * (g[i] + mu * vNext[i]);
        }
        return new Step(u, List.of(vNext));
      }
    };
  }

  /** s' = ρ s + (1 − ρ) ∇f²; g = −α ∇f / (√s' + ε). */
  public static Reference rmsProp(double alpha, double rho, double epsilon) {
    return new Reference() {
      @Override
      public List<double[]> initialState(int n) {
        return List.of(new double[n]);
      }

      @Override
      public Step step(double[] g, List<double[]> state) {
        double[] s = state.get(0);
        double[] sNext = new double[g.length];
        double[] u = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          sNext[i] = rho * s[i] + (1 - rho) * g[i] * g[i];
          u[i] = -alpha * g[i] / (Math.sqrt(sNext[i]) + epsilon);
        }
        return new Step(u, List.of(sNext));
      }
    };
  }

  /**
   * t' = t + 1; m' = β₁ m + (1 − β₁) ∇f; v' = β₂ v + (1 − β₂) ∇f²;
   * g = −α (m' / (1 − β₁^t')) / (√(v' / (1 − β₂^t')) + ε). State [t (one value), m, v].
   */
  public static Reference adam(double alpha, double beta1, double beta2, double epsilon) {
    return new Reference() {
      @Override
      public List<double[]> initialState(int n) {
        return List.of(new double[1], new double[n], new double[n]);
      }

      @Override
      public Step step(double[] g, List<double[]> state) {
        double t = state.get(0)[0] + 1;
        double[] m = state.get(1);
        double[] v = state.get(2);
        double[] mNext = new double[g.length];
        double[] vNext = new double[g.length];
        double[] u = new double[g.length];
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < g.length; i++) {
          mNext[i] = beta1 * m[i] + (1 - beta1) * g[i];
          vNext[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
          u[i] = -alpha * (mNext[i] / c1) / (Math.sqrt(vNext[i] / c2) + epsilon);
        }
        return new Step(u, List.of(new double[] {t}, mNext, vNext));
      }
    };
  }

  /** Runs {@code reference} over the gradients of consecutive steps from the zero state. */
  public static List<Step> run(Reference reference, double[][] gradients) {
    List<Step> steps = new ArrayList<>();
    List<double[]> state = reference.initialState(gradients[0].length);
    for (double[] g : gradients) {
      Step s = reference.step(g, state);
      steps.add(s);
      state = s.state();
    }
    return steps;
  }
}
