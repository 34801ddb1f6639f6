package latent.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.model.DecoderType;
import latent.model.ModelConfig;
import latent.model.Vae;
import latent.nn.Init;
import latent.nn.FiniteDifferences;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ElboTest {
  static Vae tinyVae(DecoderType decoder) {
    return new Vae(ModelConfig.of(5, List.of(4), 2, Activation.TANH, decoder, new Init.Normal(0.5)), new Xoshiro256(3));
  }

  static Tensor data() {
    return Tensor.of(3, 5, 1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0);
  }

  /**
   * The ELBO of one datapoint in closed form but for one integral: −KL(q ‖ N(0, I)) from the
   * encoder's μ and log σ² (written out here), plus E_q[log p(x|z)] by the midpoint rule over
   * μ ± 8σ in each of the two latent dimensions (300 × 300 points, the Gaussian weights
   * renormalised over the grid; the rule's error on this smooth integrand is far below 1e-4).
   */
  static double exactElbo(Vae vae, Tensor x) {
    Tape tape = new Tape();
    var q = vae.encode(tape, tape.constant(x));
    double[] mu = {q.loc.value.data[0], q.loc.value.data[1]}, lv = {q.logVar.value.data[0], q.logVar.value.data[1]};
    double negKl = 0;
    for (int k = 0; k < 2; k++) negKl += 0.5 * (1 + lv[k] - mu[k] * mu[k] - Math.exp(lv[k]));
    int side = 300;
    double[] sd = {Math.exp(0.5 * lv[0]), Math.exp(0.5 * lv[1])};
    Tensor grid = Tensor.zeros(side * side, 2);
    double[] weight = new double[side * side];
    double total = 0;
    for (int a = 0; a < side; a++) {
      for (int b = 0; b < side; b++) {
        double u = -8 + 16 * (a + 0.5) / side, v = -8 + 16 * (b + 0.5) / side;   // in standard deviations
        int g = a * side + b;
        grid.data[2 * g] = (float) (mu[0] + sd[0] * u);
        grid.data[2 * g + 1] = (float) (mu[1] + sd[1] * v);
        weight[g] = Math.exp(-0.5 * (u * u + v * v));
        total += weight[g];
      }
    }
    float[] logPx = vae.decode(tape, tape.constant(grid)).logProb(x).value.data;
    double expected = 0;
    for (int g = 0; g < weight.length; g++) expected += weight[g] / total * logPx[g];
    return expected + negKl;
  }

  /**
   * Estimators A and B are both unbiased for the ELBO: for each datapoint, the mean of 200,000
   * single-sample draws of each lies within 4 of its standard errors (A's 0.002 to 0.004 nats,
   * B's 0.0003 to 0.002) of {@link #exactElbo}. Seeded; a false failure has a chance below 1e-4 per
   * comparison, while an error in the KL, in log p(z) or log q(z|x) of a hundredth of a nat fails.
   */
  @Test
  void estimatorsAAndBAreUnbiasedForTheElbo() {
    Vae vae = tinyVae(DecoderType.BERNOULLI);
    Tensor data = data();
    int draws = 200_000;
    for (int i = 0; i < data.rows; i++) {
      Tensor x = new Tensor(1, data.cols, java.util.Arrays.copyOfRange(data.data, i * data.cols, (i + 1) * data.cols));
      double exact = exactElbo(vae, x);
      Tensor xs = Tensor.zeros(draws, data.cols);
      for (int d = 0; d < draws; d++) System.arraycopy(x.data, 0, xs.data, d * data.cols, data.cols);
      for (SgvbEstimator est : SgvbEstimator.values()) {
        float[] v = Elbo.perExample(vae, new Tape(), xs, 1, est, new Xoshiro256(10 * i + est.ordinal())).value.data;
        double mean = 0, sq = 0;
        for (float a : v) mean += a;
        mean /= draws;
        for (float a : v) sq += (a - mean) * (a - mean);
        double se = Math.sqrt(sq / (draws - 1) / draws);
        assertEquals(exact, mean, 4 * se, "datapoint " + i + ", estimator " + est);
      }
    }
  }

  /**
   * The whole bound's gradient with respect to every parameter, the noise ε held fixed (same
   * seed), against central differences of Σ_i L(x_i) in float32 with step 1e-2.
   */
  @Test
  void gradientOfTheBoundMatchesFiniteDifferences() {
    for (DecoderType decoder : DecoderType.values()) {
      for (SgvbEstimator est : SgvbEstimator.values()) {
        Vae vae = tinyVae(decoder);
        Tensor x = decoder == DecoderType.GAUSSIAN
            ? Tensor.of(3, 5, .2f, .9f, .5f, .4f, .1f, .7f, .3f, .6f, .8f, .5f, .05f, .5f, .95f, .3f, .6f) : data();
        vae.zeroGrad();
        Tape tape = new Tape();
        tape.backward(latent.autodiff.Ops.sum(Elbo.perExample(vae, tape, x, 2, est, new Xoshiro256(9))));
        FiniteDifferences.assertGradients(decoder + " " + est, vae.parameters(), () -> bound(vae, x, est));
      }
    }
  }

  static double bound(Vae vae, Tensor x, SgvbEstimator est) {
    return Elbo.perExample(vae, new Tape(), x, 2, est, new Xoshiro256(9)).value.sum();
  }
}
