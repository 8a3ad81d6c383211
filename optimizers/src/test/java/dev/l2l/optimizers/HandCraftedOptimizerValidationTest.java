package dev.l2l.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad hyper-parameters are refused with a message that names the parameter and the value. */
class HandCraftedOptimizerValidationTest {
  private static final List<Double> NOT_POSITIVE =
      List.of(0.0, -0.0, -1e-3, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
  private static final List<Double> NOT_IN_UNIT_INTERVAL =
      List.of(1.0, 1.5, -1e-9, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);

  private static void refused(String parameter, double value, Executable make) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make, parameter + " = " + value);
    assertTrue(e.getMessage().contains(parameter), "message names " + parameter + ": " + e.getMessage());
    assertTrue(e.getMessage().contains(Double.toString(value)), "message shows " + value + ": " + e.getMessage());
  }

  private static void refusesAll(String parameter, List<Double> values, DoubleFunction<Object> make) {
    for (double v : values) {
      refused(parameter, v, () -> make.apply(v));
    }
  }

  @Test
  void learningRateMustBePositiveAndFinite() {
    refusesAll("learningRate", NOT_POSITIVE, Sgd::new);
    refusesAll("learningRate", NOT_POSITIVE, a -> new Momentum(a, 0.9));
    refusesAll("learningRate", NOT_POSITIVE, a -> new Nag(a, 0.9));
    refusesAll("learningRate", NOT_POSITIVE, a -> new RmsProp(a, 0.9, 1e-8));
    refusesAll("learningRate", NOT_POSITIVE, a -> new Adam(a, 0.9, 0.999, 1e-8));
    refusesAll("learningRate", NOT_POSITIVE, a -> new Adam(0.1).withLearningRate(a));
    refusesAll("learningRate", NOT_POSITIVE, a -> new Sgd(0.1).withLearningRate(a));
  }

  @Test
  void decayConstantsMustBeInUnitInterval() {
    refusesAll("momentum", NOT_IN_UNIT_INTERVAL, mu -> new Momentum(0.1, mu));
    refusesAll("momentum", NOT_IN_UNIT_INTERVAL, mu -> new Nag(0.1, mu));
    refusesAll("decay", NOT_IN_UNIT_INTERVAL, rho -> new RmsProp(0.1, rho, 1e-8));
    refusesAll("beta1", NOT_IN_UNIT_INTERVAL, b -> new Adam(0.1, b, 0.999, 1e-8));
    refusesAll("beta2", NOT_IN_UNIT_INTERVAL, b -> new Adam(0.1, 0.9, b, 1e-8));
  }

  @Test
  void epsilonMustBePositiveAndFinite() {
    refusesAll("epsilon", NOT_POSITIVE, e -> new RmsProp(0.1, 0.9, e));
    refusesAll("epsilon", NOT_POSITIVE, e -> new Adam(0.1, 0.9, 0.999, e));
  }

  @Test
  void boundaryValuesAreAccepted() {
    // Zero momentum / decay / β is a legitimate (degenerate) choice; the values are kept as given.
    assertEquals(0.0, new Momentum(0.1, 0.0).momentum());
    assertEquals(0.0, new Nag(0.1, 0.0).momentum());
    assertEquals(0.0, new RmsProp(0.1, 0.0, 1e-8).decay());
    Adam adam = new Adam(1e-12, 0.0, 0.0, Double.MIN_VALUE);
    assertEquals(1e-12, adam.learningRate());
    assertEquals(Double.MIN_VALUE, adam.epsilon());
  }
}
