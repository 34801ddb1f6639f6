package latent.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import latent.data.Dataset;
import latent.model.DecoderType;
import latent.model.Encodings;
import latent.model.ModelConfig;
import latent.model.Vae;
import latent.nn.Init;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AnomalyScoresTest {
  static Vae vae() {
    return new Vae(ModelConfig.of(4, List.of(5), 2, Activation.TANH, DecoderType.BERNOULLI, new Init.GlorotUniform()), new Xoshiro256(4));
  }

  static Dataset data() {
    Xoshiro256 rng = new Xoshiro256(9);
    Tensor x = Tensor.zeros(7, 4);
    for (int i = 0; i < x.size(); i++) x.data[i] = rng.nextFloat() < 0.5f ? 0f : 1f;
    return new Dataset("x", x, null);
  }

  @Test
  void boundsAreLogLikelihoods() {
    AnomalyScores s = AnomalyScores.of(vae(), data(), 8, 0);
    double[][] direct = LogLikelihood.evaluate(vae(), data(), RowKeys.of(data().x()), new int[] {8}, 0, d -> {}).bounds();
    for (int j = 0; j < 7; j++) assertEquals(direct[j][0], s.bounds()[j], 0.0);
  }

  /**
   * An example's score depends on its values alone: the same bits when it is scored alone, after
   * the others are reversed, or twice in one input. The model's widths (37 inputs, 29 hidden)
   * leave the rows of a block in the products' edge tiles and the vector loops' tails in some
   * places and not in others, and K = 150 spreads 6 examples over each block of samples.
   */
  @Test
  void anExampleScoresTheSameWhereverItStands() {
    Vae vae = new Vae(ModelConfig.of(37, List.of(29), 3, Activation.TANH, DecoderType.BERNOULLI, new Init.GlorotUniform()), new Xoshiro256(5));
    Xoshiro256 rng = new Xoshiro256(10);
    Tensor x = Tensor.zeros(11, 37);
    for (int i = 0; i < x.size(); i++) x.data[i] = rng.nextFloat();
    Dataset all = new Dataset("x", x, null);
    Tensor reversed = Tensor.zeros(12, 37);
    for (int i = 0; i < 11; i++) System.arraycopy(x.data, (10 - i) * 37, reversed.data, i * 37, 37);
    System.arraycopy(x.data, 4 * 37, reversed.data, 11 * 37, 37);   // row 4 again, last
    for (int k : new int[] {1, 7, 150}) {
      double[] s = AnomalyScores.of(vae, all, k, 3).bounds();
      double[] r = AnomalyScores.of(vae, new Dataset("r", reversed, null), k, 3).bounds();
      for (int i = 0; i < 11; i++) {
        assertEquals(s[i], r[10 - i], 0.0, "k " + k + ", row " + i + " reversed");
        assertEquals(s[i], AnomalyScores.of(vae, all.slice(i, i + 1), k, 3).bounds()[0], 0.0, "k " + k + ", row " + i + " alone");
      }
      assertEquals(s[4], r[11], 0.0, "k " + k + ", a repeated row");
    }
  }

  /** Keys are the row's values: a changed value, or values swapped between columns, change it; −0 and +0 do not. */
  @Test
  void rowKeysFollowTheValues() {
    float[] a = {0.25f, 0.5f, 0f}, b = {0.5f, 0.25f, 0f}, c = {0.25f, 0.5f, -0f}, d = {0.25f, 0.5f, Math.nextUp(0f)};
    long ka = RowKeys.ofValues(a, 0, 3);
    assertTrue(ka != RowKeys.ofValues(b, 0, 3), "order matters");
    assertEquals(ka, RowKeys.ofValues(c, 0, 3), "-0 hashes as +0");
    assertTrue(ka != RowKeys.ofValues(d, 0, 3), "the smallest change changes the key");
    assertTrue(RowKeys.ofValues(a, 0, 2) != RowKeys.ofValues(a, 0, 3), "a trailing zero counts");
    assertEquals(ka, RowKeys.of(Tensor.of(2, 3, 1f, 1f, 1f, 0.25f, 0.5f, 0f))[1]);
    assertTrue(RowKeys.ofText("a") != RowKeys.ofText("b"));
  }

  @Test
  void encodingsLayOutMeansThenLogVariances() {
    Encodings e = Encodings.of(vae(), data());
    Tensor m = e.asMatrix();
    assertEquals(4, m.cols);
    assertEquals(e.loc().get(3, 1), m.get(3, 1));
    assertEquals(e.logVar().get(3, 0), m.get(3, 2));
    assertEquals(List.of("loc_0", "loc_1", "logvar_0", "logvar_1"), e.columns());
    assertArrayEquals(e.loc().data, Encodings.of(vae(), data()).loc().data, "deterministic");
  }

  /**
   * The ELBO is the mean of the same k log-weights whose log-mean-exp is L_k: recomputed here from
   * each row's own noise (seeded by its key) through {@link Vae#logWeights}; with k = 1 it is L_1.
   * The reconstruction scores against the Bernoulli formula written out:
   * log p(x|μ) = Σ_d x_d log p_d + (1 − x_d) log(1 − p_d) and ‖x − p‖², p = σ(decoder(μ(x))).
   */
  @Test
  void elboAndReconstructionScoresAgainstTheirFormulas() {
    Vae vae = vae();
    Dataset data = data();
    int k = 8;
    AnomalyScores s = AnomalyScores.of(vae, data, k, 3);
    long[] keys = RowKeys.of(data.x());
    Tensor loc = Encodings.of(vae, data).loc(), p = vae.decoderMeans(loc);
    for (int j = 0; j < data.size(); j++) {
      latent.autodiff.Tape tape = new latent.autodiff.Tape();
      Tensor x = data.x().sliceRows(j, 1);
      latent.distributions.Normal q = vae.encode(tape, tape.constant(x));
      Xoshiro256 rng = LogLikelihood.imageNoise(3, keys[j]);
      Tensor eps = Tensor.zeros(k, 2);
      for (int e = 0; e < eps.size(); e++) eps.data[e] = (float) rng.nextGaussian();
      float[] logW = vae.logWeights(q, x, k, eps, null).value.data;
      double mean = 0;
      for (float w : logW) mean += w / (double) k;
      assertEquals(mean, s.of(ScoreKind.ELBO)[j], 1e-9, "ELBO of row " + j);
      assertTrue(s.of(ScoreKind.ELBO)[j] <= s.of(ScoreKind.LK)[j], "Jensen: ELBO <= L_k, row " + j);
      double ll = 0, err = 0;
      for (int d = 0; d < 4; d++) {
        double xd = x.data[d], pd = p.get(j, d);
        ll += xd * Math.log(pd) + (1 - xd) * Math.log(1 - pd);
        err += (xd - pd) * (xd - pd);
      }
      assertEquals(ll, s.of(ScoreKind.RECON_LOGLIK)[j], 1e-4, "log p(x|mu), row " + j);
      assertEquals(err, s.of(ScoreKind.RECON_ERROR)[j], 1e-5, "squared error, row " + j);
    }
    AnomalyScores one = AnomalyScores.of(vae, data, 1, 3);
    assertArrayEquals(one.of(ScoreKind.LK), one.of(ScoreKind.ELBO), 0.0, "k = 1: the ELBO is L_1");
    // the anomaly direction: low bounds and likelihoods, high errors
    assertEquals(-s.of(ScoreKind.ELBO)[2], s.anomaly(ScoreKind.ELBO)[2], 0.0);
    assertEquals(s.of(ScoreKind.RECON_ERROR)[2], s.anomaly(ScoreKind.RECON_ERROR)[2], 0.0);
  }
}
