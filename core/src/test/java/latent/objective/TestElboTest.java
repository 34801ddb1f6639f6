package latent.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
  void theBoundKeepsTheEncodersPosteriorsWithTheSameBits() {
    Vae vae = vae(0);
    for (int samples : new int[] {1, 3}) {
      TestElbo.Scored s = TestElbo.scored(vae, DATA, samples, 7);
      assertEquals(definition(vae, DATA, samples, 7), s.elbo(), 0.0);
      assertEquals(s.elbo(), TestElbo.evaluate(vae, DATA, samples, 7), 0.0);
      Encodings q = Encodings.of(vae, DATA);
      assertArrayEquals(q.loc().data, s.q().loc().data, 0f);
      assertArrayEquals(q.logVar().data, s.q().logVar().data, 0f);
      assertArrayEquals(q.loc().data, s.posteriors(vae, DATA).loc().data, 0f);
    }
  }

  @Test
  void withTwoStochasticLayersThePosteriorsAreEncodedWhenAskedFor() {
    Vae vae = vae(2);
    TestElbo.Scored s = TestElbo.scored(vae, DATA, 2, 7);
    assertEquals(definition(vae, DATA, 2, 7), s.elbo(), 0.0);
    assertNull(s.q());
    assertArrayEquals(Encodings.of(vae, DATA).logVar().data, s.posteriors(vae, DATA).logVar().data, 0f);
  }
}
