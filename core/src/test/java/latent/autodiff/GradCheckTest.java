package latent.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The checker itself: it passes a right backward rule and fails a wrong one, wherever the error is. */
class GradCheckTest {
  static final Tensor X = Tensor.of(2, 3, 0.3f, -0.8f, 1.1f, -0.4f, 0.5f, 0.2f);

  /** y = 2x, with a backward rule that writes {@code bad} into element {@code at} of ∂x (or nothing when at < 0). */
  static Var doubled(Var x, int at, float bad) {
    Tensor y = Tensor.zeros(x.rows(), x.cols());
    for (int i = 0; i < y.size(); i++) y.data[i] = 2 * x.value.data[i];
    return x.tape().record(y, g -> {
      float[] gx = x.grad().data;
      for (int i = 0; i < gx.length; i++) gx[i] += i == at ? bad : 2 * g.data[i];
    }, x);
  }

  @Test
  void aRightRulePasses() {
    assertTrue(GradCheck.defaults().check(v -> doubled(v[0], -1, 0), X.copy()).ok());
  }

  /** A NaN in any element fails the check, also when finite errors come after it. */
  @Test
  void aNaNInAnyElementFails() {
    for (int at = 0; at < X.size(); at++) {
      final int element = at;
      GradCheck.Result r = GradCheck.defaults().check(v -> doubled(v[0], element, Float.NaN), X.copy());
      assertFalse(r.ok(), "NaN in element " + at + ": " + r);
      assertEquals(at, r.index(), "the NaN's position is reported");
    }
  }

  @Test
  void aWrongFiniteElementFails() {
    GradCheck.Result r = GradCheck.defaults().check(v -> doubled(v[0], 1, 5f), X.copy());
    assertFalse(r.ok());
    assertEquals(1, r.index());
  }
}
