package latent.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import latent.InvalidSetting;
import latent.autodiff.GradCheck;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Normal;
import latent.model.DecoderType;
import latent.model.ModelConfig;
import latent.model.Vae;
import latent.nn.Init;
import latent.nn.Parameter;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** β, warm-up and free bits: their gradient, the floor's stop, the plain ELBO at β = 1, the combinations refused. */
class KlWeightedTest {
  static final Tensor X = ElboTest.data();   // 3 binary rows of 5 values
  /** q's parameters for the 3 rows, 2 latent dimensions: dimension 0 far from the prior (KL̄ ≈ 1.5), dimension 1 close to it (KL̄ ≈ 0.02). */
  static final Tensor LOC = Tensor.of(3, 2, 1.6f, 0.1f, -1.4f, -0.15f, 1.9f, 0.05f);
  static final Tensor LOG_VAR = Tensor.of(3, 2, -0.5f, -0.2f, -0.3f, 0.1f, -0.6f, -0.1f);

  static Var objective(KlWeighted w, Var loc, Var logVar, long noiseSeed) {
    return w.terms(loc.tape(), X, new Normal(loc, logVar), new Xoshiro256(noiseSeed)).objective();
  }

  /** The recipe's objective, its reconstruction term through z included, against central differences in μ and log σ². */
  @Test
  void theWeightedObjectivesGradientMatchesFiniteDifferences() {
    Vae vae = ElboTest.tinyVae(DecoderType.BERNOULLI);
    for (KlRecipe r : List.of(new KlRecipe(0.5, 0, 0), new KlRecipe(2, 1000, 0), new KlRecipe(0.7, 0, 0.3))) {
      KlWeighted w = new KlWeighted(vae, 2, r);
      w.imagesSeen(400);   // mid warm-up for the second: β_t = 0.8
      GradCheck.Result res = GradCheck.defaults().check(v -> objective(w, v[0], v[1], 5), LOC.copy(), LOG_VAR.copy());
      assertTrue(res.ok(), r + ": " + res);
    }
  }

  /**
   * Free bits: the KL's gradient reaches the dimensions above the floor, scaled by β, and not
   * those below it. The gradient of o minus that of the reconstruction alone (the same noise) is
   * the KL's part: −β μ_ij in μ of dimension 0 (KL̄ ≈ 1.5 > λ), exactly 0 in dimension 1 (KL̄ ≈ 0.02 < λ).
   */
  @Test
  void freeBitsStopTheKlGradientBelowTheFloorOnly() {
    Vae vae = ElboTest.tinyVae(DecoderType.BERNOULLI);
    KlWeighted w = new KlWeighted(vae, 1, new KlRecipe(0.5, 0, 0.3));
    float[] withKl = locGradient(w, false), reconOnly = locGradient(w, true);
    for (int i = 0; i < 3; i++) {
      assertEquals(-0.5 * LOC.data[i * 2], withKl[i * 2] - reconOnly[i * 2], 1e-6, "dimension 0, row " + i);
      assertEquals(0f, withKl[i * 2 + 1] - reconOnly[i * 2 + 1], 0f, "dimension 1, row " + i);
    }
  }

  private static float[] locGradient(KlWeighted w, boolean reconstructionOnly) {
    Tape tape = new Tape();
    Var loc = tape.param(LOC.copy(), Tensor.zeros(3, 2)), logVar = tape.param(LOG_VAR.copy(), Tensor.zeros(3, 2));
    KlWeighted.Terms t = w.terms(tape, X, new Normal(loc, logVar), new Xoshiro256(9));
    tape.backward(Ops.sum(reconstructionOnly ? t.reconstruction() : t.objective()));
    return loc.grad().data.clone();
  }

  /** β = 1 with neither warm-up nor floor is the ELBO of estimator B: its value and every gradient, bit for bit. */
  @Test
  void betaOneWithoutFloorIsTheElboBitForBit() {
    Objective elbo = Objective.elbo(1);
    Vae a = ElboTest.tinyVae(DecoderType.BERNOULLI), b = ElboTest.tinyVae(DecoderType.BERNOULLI);
    assertFalse(elbo.surrogate(a, new Xoshiro256(1)) instanceof KlWeighted, "the default trains through the plain ELBO");
    float[] va = step(elbo.surrogate(a, new Xoshiro256(1)), a), vb = step(new KlWeighted(b, 1, KlRecipe.NONE), b);
    assertArrayEquals(va, vb, "the bound");
    for (int p = 0; p < a.parameters().size(); p++) {
      assertArrayEquals(a.parameters().get(p).grad.data, b.parameters().get(p).grad.data, a.parameters().get(p).name);
    }
  }

  private static float[] step(Surrogate s, Vae vae) {
    for (Parameter p : vae.parameters()) p.zeroGrad();
    Tape tape = new Tape();
    Var bound = s.perExample(tape, X, new Xoshiro256(4));
    tape.backward(Ops.sum(bound), -1f / X.rows);
    return bound.value.data.clone();
  }

  /** The value a run reports is the true ELBO; the objective ascended has its own sum. */
  @Test
  void theReportedValueIsTheTrueBound() {
    Vae vae = ElboTest.tinyVae(DecoderType.BERNOULLI);
    KlWeighted w = new KlWeighted(vae, 1, new KlRecipe(0.25, 0, 0.3));
    Tape tape = new Tape();
    Var reported = w.perExample(tape, X, new Xoshiro256(4));
    Tape plain = new Tape();
    Var elbo = Objective.elbo(1).perExample(vae, plain, X, new Xoshiro256(4));
    assertArrayEquals(elbo.value.data, reported.value.data);
    double sum = 0;
    for (float v : reported.value.data) sum += v;
    assertTrue(w.objectiveSum() > sum, "β = 1/4 makes the objective larger than the bound: " + w.objectiveSum() + " vs " + sum);
  }

  @Test
  void warmupRaisesTheWeightLinearly() {
    KlRecipe r = new KlRecipe(2, 1000, 0);
    assertEquals(0, r.weightAt(0));
    assertEquals(1, r.weightAt(500));
    assertEquals(2, r.weightAt(1000));
    assertEquals(2, r.weightAt(5000));
    assertEquals(0.5, new KlRecipe(0.5, 0, 0).weightAt(0));
    assertTrue(KlRecipe.NONE.isNone());
  }

  /** The recipes reshape the analytic KL of one stochastic layer: every other objective is refused, naming the recipe. */
  @Test
  void combinationsWithoutMeaningAreRefused() {
    ModelConfig one = ElboTest.tinyVae(DecoderType.BERNOULLI).config;
    ModelConfig two = ModelConfig.of(5, List.of(4), 2, Activation.TANH, DecoderType.BERNOULLI, new Init.Normal(0.5)).withSecondLayer(List.of(3), 2);
    KlRecipe floor = new KlRecipe(1, 0, 0.5), warm = new KlRecipe(1, 100, 0), beta = new KlRecipe(2, 0, 0);
    var cases = List.of(
        new Object[] {new Objective(Objective.Kind.ELBO, 1, SgvbEstimator.A).withKl(floor), one, "freeBits"},
        new Object[] {Objective.iwae(5).withKl(warm), one, "klWarmup"},
        new Object[] {Objective.elbo(1).withGradient(new GradientEstimator.ScoreFunction(Baseline.NONE)).withKl(beta), one, "klWeight"},
        new Object[] {Objective.elbo(1).withKl(beta), two, "klWeight"});
    for (Object[] c : cases) {
      InvalidSetting e = assertThrows(InvalidSetting.class, () -> ((Objective) c[0]).check((ModelConfig) c[1]), c[0].toString());
      assertEquals(c[2], e.setting());
      assertTrue(e.problem().startsWith("reshapes the analytic KL term"), e.problem());
    }
    Objective.elbo(3).withKl(floor).check(one);   // the ELBO, estimator B, pathwise: allowed
    assertInstanceOf(KlWeighted.class, Objective.elbo(1).withKl(beta).surrogate(new Vae(one, new Xoshiro256(1)), new Xoshiro256(1)));
    assertThrows(InvalidSetting.class, () -> new KlRecipe(-1, 0, 0));
    assertThrows(InvalidSetting.class, () -> new KlRecipe(1, -5, 0));
    assertThrows(InvalidSetting.class, () -> new KlRecipe(1, 0, Double.NaN));
  }
}
