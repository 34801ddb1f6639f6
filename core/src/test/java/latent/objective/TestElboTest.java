package latent.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import latent.autodiff.Tape;
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

class TestElboTest {
  /** 1,234 grey rows of 12 values: two full chunks of 500 and a partial one. */
  static final Dataset DATA = Dataset.greyImages(1234, 12, 5);

  static Vae vae(int latent2) {
    ModelConfig c = ModelConfig.of(12, List.of(8), 3, Activation.TANH, DecoderType.BERNOULLI, new Init.Normal(0.4));
    if (latent2 > 0) c = c.withSecondLayer(List.of(6), latent2);
    return new Vae(c, new Xoshiro256(11));
  }

  /** The bound as the definition says: estimator B chunk by chunk from one generator, each chunk encoding its rows. */
  static double definition(Vae vae, Dataset data, int samples, long seed) {
    Xoshiro256 rng = new Xoshiro256(seed);
    double total = 0;
    for (int from = 0; from < data.size(); from += 500) {
      int n = Math.min(500, data.size() - from);
      Tape tape = new Tape();
      total += Elbo.perExample(vae, tape, data.x().sliceRows(from, n).copy(), samples, SgvbEstimator.B, rng).value.sum();
    }
    return total / data.size();
  }

  @Test
  void theBoundFromTheEncodersPosteriorsHasTheSameBits() {
    Vae vae = vae(0);
    Encodings q = Encodings.of(vae, DATA);
    for (int samples : new int[] {1, 3}) {
      double expected = definition(vae, DATA, samples, 7);
      assertEquals(expected, TestElbo.evaluate(vae, DATA, q, samples, 7), 0.0);
      assertEquals(expected, TestElbo.evaluate(vae, DATA, samples, 7), 0.0);
    }
  }

  @Test
  void withTwoStochasticLayersTheBoundEncodesInsideItsWeights() {
    Vae vae = vae(2);
    assertEquals(definition(vae, DATA, 2, 7), TestElbo.evaluate(vae, DATA, Encodings.of(vae, DATA), 2, 7), 0.0);
  }
}
