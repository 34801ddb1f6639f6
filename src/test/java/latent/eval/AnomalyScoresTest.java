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
  void boundsAreLogLikelihoodsAndTheRankingStartsAtTheLowest() {
    AnomalyScores s = AnomalyScores.of(vae(), data(), 8, 0);
    double[][] direct = LogLikelihood.evaluate(vae(), data(), new int[] {8}, 0, d -> {}).bounds();
    for (int j = 0; j < 7; j++) assertEquals(direct[j][0], s.bounds()[j], 0.0);
    for (int r = 1; r < 7; r++) assertTrue(s.bounds()[s.ranking()[r - 1]] <= s.bounds()[s.ranking()[r]]);
    assertEquals(7, java.util.Arrays.stream(s.ranking()).distinct().count());
  }

  /** An example's score depends on its row index and its values only, not on the other rows. */
  @Test
  void oneRowScoresTheSameAloneOrAmongOthers() {
    Dataset all = data();
    AnomalyScores s = AnomalyScores.of(vae(), all, 8, 0);
    AnomalyScores first = AnomalyScores.of(vae(), all.slice(0, 1), 8, 0);
    assertEquals(s.bounds()[0], first.bounds()[0], 0.0);
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
}
