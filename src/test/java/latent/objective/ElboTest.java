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
   * Estimators A and B have the same expectation, the ELBO. With 20,000 samples per datapoint
   * the standard error of A's mean is about 0.01 nats here; B's is smaller. We allow 0.08.
   */
  @Test
  void estimatorsAAndBAgreeInExpectation() {
    Vae vae = tinyVae(DecoderType.BERNOULLI);
    Tape tape = new Tape();
    Var a = Elbo.perExample(vae, tape, data(), 20_000, SgvbEstimator.A, new Xoshiro256(1));
    Var b = Elbo.perExample(vae, tape, data(), 20_000, SgvbEstimator.B, new Xoshiro256(2));
    for (int i = 0; i < 3; i++) assertEquals(a.value.data[i], b.value.data[i], 0.08, "datapoint " + i);
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
