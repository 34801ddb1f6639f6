package latent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.nn.Init;
import latent.nn.Linear;
import latent.nn.FiniteDifferences;
import latent.objective.IwaeBound;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The two-stochastic-layer model of Burda et al.: its log-weights by hand, and its gradient. */
class TwoLayerVaeTest {
  /** x(3) → h1(2) → h2(1) with no hidden layers, so every conditional is one linear map. */
  static Vae tiny(List<Integer> hidden) {
    ModelConfig c = ModelConfig.of(3, hidden, 2, Activation.TANH, DecoderType.BERNOULLI, new Init.Normal(0.6))
        .withSecondLayer(hidden, 1);
    return new Vae(c, new Xoshiro256(11));
  }

  static double[] affine(double[] u, Linear l) {
    double[] out = new double[l.out()];
    for (int j = 0; j < out.length; j++) {
      double s = l.bias.value.data[j];
      for (int i = 0; i < u.length; i++) s += u[i] * l.weight.value.get(i, j);
      out[j] = s;
    }
    return out;
  }

  static double logNormal(double[] z, double[] mu, double[] logVar) {
    double s = 0;
    for (int j = 0; j < z.length; j++) {
      double v = Math.exp(logVar[j]);
      s += -0.5 * Math.log(2 * Math.PI * v) - (z[j] - mu[j]) * (z[j] - mu[j]) / (2 * v);
    }
    return s;
  }

  @Test
  void logWeightsMatchAHandComputation() {
    Vae vae = tiny(List.of());
    double[] x = {1, 0, 1}, eps1 = {0.3, -1.1}, eps2 = {0.7};
    Tape tape = new Tape();
    var q1 = vae.encode(tape, tape.constant(Tensor.of(1, 3, 1f, 0f, 1f)));
    float got = vae.logWeights(q1, Tensor.of(1, 3, 1f, 0f, 1f), 1, Tensor.of(1, 2, 0.3f, -1.1f), Tensor.of(1, 1, 0.7f)).value.item();

    double[] mu1 = affine(x, vae.encoder.loc), lv1 = affine(x, vae.encoder.logVar);
    double[] h1 = {mu1[0] + Math.exp(lv1[0] / 2) * eps1[0], mu1[1] + Math.exp(lv1[1] / 2) * eps1[1]};
    double[] mu2 = affine(h1, vae.encoder2.loc), lv2 = affine(h1, vae.encoder2.logVar);
    double[] h2 = {mu2[0] + Math.exp(lv2[0] / 2) * eps2[0]};
    double[] muP = affine(h2, vae.prior1.loc), lvP = affine(h2, vae.prior1.logVar);
    double[] logits = affine(h1, vae.decoder.out);
    double logPx = 0;
    for (int j = 0; j < 3; j++) logPx += x[j] * logits[j] - Math.log1p(Math.exp(logits[j]));
    double want = logPx + logNormal(h1, muP, lvP) + logNormal(h2, new double[] {0}, new double[] {0})
        - logNormal(h1, mu1, lv1) - logNormal(h2, mu2, lv2);
    assertEquals(want, got, 1e-5);
  }

  /** ∇ L_3 of the two-layer model, with hidden layers, against central differences with the noise fixed. */
  @Test
  void iwaeGradientMatchesFiniteDifferences() {
    Vae vae = tiny(List.of(4));
    Tensor x = Tensor.of(2, 3, 1, 0, 1, 0, 1, 1);
    vae.zeroGrad();
    Tape tape = new Tape();
    tape.backward(Ops.sum(IwaeBound.perExample(vae, tape, x, 3, new Xoshiro256(2))));
    FiniteDifferences.assertGradients("two layers", vae.parameters(),
        () -> IwaeBound.perExample(vae, new Tape(), x, 3, new Xoshiro256(2)).value.sum());
  }
}
