package latent.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.model.DecoderType;
import latent.model.Vae;
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
}
