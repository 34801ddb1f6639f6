package latent.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Test support: every parameter's accumulated gradient against central differences of a scalar
 * f(θ) in float32 with step 1e-2, tolerance 5e-3 + 1e-2 |numeric| (a wrong rule is off by order one).
 */
public final class FiniteDifferences {
  private FiniteDifferences() {}

  /** {@code f} must recompute the value with the same noise each call; the gradients must already hold ∂f/∂θ. */
  public static void assertGradients(String what, List<Parameter> params, DoubleSupplier f) {
    for (Parameter p : params) {
      for (int j = 0; j < p.size(); j++) {
        float saved = p.value.data[j];
        p.value.data[j] = saved + 1e-2f;
        double up = f.getAsDouble();
        p.value.data[j] = saved - 1e-2f;
        double down = f.getAsDouble();
        p.value.data[j] = saved;
        double numeric = (up - down) / 2e-2;
        assertEquals(numeric, p.grad.data[j], 5e-3 + 1e-2 * Math.abs(numeric), what + " " + p.name + "[" + j + "]");
      }
    }
  }
}
