package latent.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.data.Dataset;
import latent.distributions.Normal;
import latent.eval.LogLikelihood;
import latent.model.DecoderType;
import latent.model.ModelConfig;
import latent.model.Vae;
import latent.nn.Init;
import latent.tensor.Activation;
import latent.tensor.Kernels;
import latent.nn.FiniteDifferences;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class IwaeBoundTest {
  @Test
  void l1IsTheElboOfTheSameSamples() {
    Vae vae = ElboTest.tinyVae(DecoderType.BERNOULLI);
    Tensor x = ElboTest.data();
    var l1 = IwaeBound.perExample(vae, new Tape(), x, 1, new Xoshiro256(5));
    var elbo = Elbo.perExample(vae, new Tape(), x, 1, SgvbEstimator.A, new Xoshiro256(5));
    for (int i = 0; i < x.rows; i++) assertEquals(elbo.value.data[i], l1.value.data[i], 1e-5, "datapoint " + i);
  }

  /**
   * E[L_k] is non-decreasing in k (Burda et al., Theorem 1). For each k the mean of L_k over
   * 4000 independent draws has a standard error below 0.02 nats on this model, while the gaps
   * between successive k are above 0.1; each mean must exceed the previous one by more than 3
   * combined standard errors below zero, i.e. E[L_k'] − E[L_k] > −3 se.
   */
  @Test
  void expectedBoundRisesWithK() {
    Vae vae = ElboTest.tinyVae(DecoderType.BERNOULLI);
    Tensor x = ElboTest.data();
    int draws = 4000;
    Tensor xs = Tensor.zeros(draws, x.cols);
    for (int d = 0; d < draws; d++) System.arraycopy(x.data, 0, xs.data, d * x.cols, x.cols);   // datapoint 0, many times
    double prevMean = Double.NEGATIVE_INFINITY, prevSe = 0;
    for (int k : new int[] {1, 2, 5, 20, 100}) {
      var lk = IwaeBound.perExample(vae, new Tape(), xs, k, new Xoshiro256(100 + k));
      double mean = lk.value.sum() / draws, sq = 0;
      for (float v : lk.value.data) sq += (v - mean) * (v - mean);
      double se = Math.sqrt(sq / (draws - 1) / draws);
      assertTrue(mean - prevMean > -3 * Math.hypot(se, prevSe), "E[L_" + k + "] = " + mean + " below the previous " + prevMean);
      prevMean = mean;
      prevSe = se;
    }
    // and L_100 is close to log p(x), which L_1 underestimates by the KL gap: the rise is real, not noise
    var l1 = IwaeBound.perExample(vae, new Tape(), xs, 1, new Xoshiro256(7));
    assertTrue(prevMean - l1.value.sum() / draws > 0.05, "L_100 − L_1 = " + (prevMean - l1.value.sum() / draws));
  }

  /** ∇ L_k against central differences of Σ_i L_k(x_i) with the noise fixed (same seed). */
  @Test
  void gradientMatchesFiniteDifferences() {
    for (DecoderType decoder : DecoderType.values()) {
      Vae vae = ElboTest.tinyVae(decoder);
      Tensor x = decoder == DecoderType.GAUSSIAN
          ? Tensor.of(3, 5, .2f, .9f, .5f, .4f, .1f, .7f, .3f, .6f, .8f, .5f, .05f, .5f, .95f, .3f, .6f) : ElboTest.data();
      vae.zeroGrad();
      Tape tape = new Tape();
      tape.backward(Ops.sum(IwaeBound.perExample(vae, tape, x, 4, new Xoshiro256(9))));
      FiniteDifferences.assertGradients(decoder.toString(), vae.parameters(),
          () -> IwaeBound.perExample(vae, new Tape(), x, 4, new Xoshiro256(9)).value.sum());
    }
  }

  /**
   * log p(x) = log ∫ p(x|z) N(z; 0, I) dz for a model with two latent dimensions, by the
   * midpoint rule on [−7, 7]² with step 0.02 (490,000 points): the prior's mass outside is below
   * 1e-11 and the integrand is smooth, so the rule's error is far below the tolerances used.
   */
  static double logMarginal(Vae vae, Tensor x) {
    double h = 0.02, lo = -7;
    int side = 700;
    Tensor grid = Tensor.zeros(side * side, 2);
    for (int a = 0; a < side; a++) {
      for (int b = 0; b < side; b++) {
        grid.data[2 * (a * side + b)] = (float) (lo + (a + 0.5) * h);
        grid.data[2 * (a * side + b) + 1] = (float) (lo + (b + 0.5) * h);
      }
    }
    Tape tape = new Tape();
    float[] logPx = vae.decode(tape, tape.constant(grid)).logProb(x).value.data;   // log p(x|z_g), one x for every z_g
    float[] terms = new float[grid.rows];
    for (int g = 0; g < grid.rows; g++) {
      double z1 = grid.data[2 * g], z2 = grid.data[2 * g + 1];
      terms[g] = (float) (logPx[g] - Math.log(2 * Math.PI) - 0.5 * (z1 * z1 + z2 * z2));
    }
    return Kernels.logSumExp(terms, 0, terms.length) + 2 * Math.log(h);
  }

  /**
   * L_k against the truth (Burda et al., Theorem 1: E[L_k] ≤ log p(x), and L_k → log p(x) as
   * k → ∞), with log p(x) by quadrature on a model of two latent dimensions, for each of three
   * datapoints: the mean of L_k over 2000 draws lies below log p(x) within 3 standard errors for
   * k = 1, 5 and 50, and the mean of L_2000 over 100 draws lies within 0.03 nats of it
   * (measured gaps 0.002 to 0.008; L_1's gap, the KL to the posterior, is 0.4 to 0.9 nats here). A
   * bound without its − log k lies log k above log p(x); the largest log-weight in place of the
   * log-mean-exp exceeds log p(x) at large k.
   */
  @Test
  void boundStaysBelowTheLogLikelihoodAndReachesIt() {
    Vae vae = ElboTest.tinyVae(DecoderType.BERNOULLI);
    Tensor data = ElboTest.data();
    for (int i = 0; i < data.rows; i++) {
      Tensor x = row(data, i);
      double logP = logMarginal(vae, x);
      for (int k : new int[] {1, 5, 50, 2000}) {
        int draws = k == 2000 ? 100 : 2000;
        double[] m = meanAndError(IwaeBound.perExample(vae, new Tape(), repeat(x, draws), k, new Xoshiro256(40 + k)).value.data);
        if (k < 2000) assertTrue(m[0] <= logP + 3 * m[1], "datapoint " + i + ": E[L_" + k + "] = " + m[0] + " above log p(x) = " + logP);
        else assertEquals(logP, m[0], 0.03 + 3 * m[1], "datapoint " + i + ": L_2000 against log p(x)");
      }
    }
  }

  /**
   * IwaeBound and LogLikelihood (two implementations: a float log-sum-exp on the tape, and a
   * running double one over chunks) give the same L_k from the same noise, one and two
   * stochastic layers: image j's noise is {@link LogLikelihood#imageNoise}, whose first draws
   * are what IwaeBound takes from the same generator (K = 500 fits one chunk; with one layer the
   * first k of them are L_k's too). Float rounding of
   * 500 log-weights near −10 leaves about 1e-5.
   */
  @Test
  void agreesWithTheLogLikelihoodEstimator() {
    Vae one = ElboTest.tinyVae(DecoderType.BERNOULLI);
    Vae two = new Vae(ModelConfig.of(5, List.of(4), 2, Activation.TANH, DecoderType.BERNOULLI, new Init.Normal(0.5))
        .withSecondLayer(List.of(3), 1), new Xoshiro256(3));
    Tensor data = ElboTest.data();
    for (Vae vae : List.of(one, two)) {
      // with two layers the generator gives all of layer 1's noise first, so only L_K uses the same draws in both
      int[] ks = vae == one ? new int[] {5, 500} : new int[] {500};
      LogLikelihood.Result r = LogLikelihood.evaluate(vae, new Dataset("tiny", data, null), ks, 9, done -> { });
      for (int j = 0; j < data.rows; j++) {
        for (int c = 0; c < ks.length; c++) {
          float lk = IwaeBound.perExample(vae, new Tape(), row(data, j), ks[c], LogLikelihood.imageNoise(9, j)).value.data[0];
          assertEquals(r.bounds()[j][c], lk, 1e-4, (vae == one ? "one layer" : "two layers") + ", image " + j + ", L_" + ks[c]);
        }
      }
    }
  }

  static Tensor row(Tensor x, int i) {
    return new Tensor(1, x.cols, java.util.Arrays.copyOfRange(x.data, i * x.cols, (i + 1) * x.cols));
  }

  static Tensor repeat(Tensor x, int times) {
    Tensor xs = Tensor.zeros(times, x.cols);
    for (int d = 0; d < times; d++) System.arraycopy(x.data, 0, xs.data, d * x.cols, x.cols);
    return xs;
  }

  /** {mean, standard error of the mean}. */
  static double[] meanAndError(float[] v) {
    double mean = 0, sq = 0;
    for (float a : v) mean += a;
    mean /= v.length;
    for (float a : v) sq += (a - mean) * (a - mean);
    return new double[] {mean, Math.sqrt(sq / (v.length - 1) / v.length)};
  }
}
