package latent.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import latent.model.ActiveUnits;
import latent.model.DecoderType;
import latent.model.ModelConfig;
import latent.model.Vae;
import latent.nn.Init;
import latent.objective.TestElbo;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import org.junit.jupiter.api.Test;

/** What 'latent eval --k' reports: the same numbers as the pieces it is made of, and an eval.json that holds them. */
class EvaluationTest {
  @Test
  void numbersAreThePiecesAndTheJsonHoldsThem() throws Exception {
    Vae one = LogLikelihoodTest.vae();
    var data = LogLikelihoodTest.data();
    Evaluation e = Evaluation.of(one, data, new int[] {1, 10, 100}, 2, 5, done -> { });
    LogLikelihood.Result r = LogLikelihood.evaluate(one, data, new int[] {1, 10, 100}, 5, done -> { });
    assertArrayEquals(r.meanBounds(), e.bounds(), 0.0);
    assertEquals(TestElbo.evaluate(one, data, 2, 5), e.testElbo(), 0.0);
    assertEquals(r.meanBounds()[2], e.logLikelihood(), 0.0);
    assertArrayEquals(ActiveUnits.activity(r.loc()), e.activity(), 0.0);
    assertNull(e.activity2());

    JsonNode json = new ObjectMapper().readTree(e.toJson());
    assertEquals(7, json.get("images").asInt());
    assertEquals(e.testElbo(), json.get("testElbo").asDouble(), 0.0);
    assertEquals(e.bounds()[1], json.get("bounds").get("L_10").asDouble(), 0.0);
    assertEquals(e.logLikelihood(), json.get("logLikelihood").asDouble(), 0.0);
    assertEquals(e.activeUnits(), json.get("activeUnits").asInt());
    assertEquals(e.klPerDimension().length, json.get("klPerDimension").size());
    assertEquals(false, json.has("activeUnits2"));

    Vae two = new Vae(ModelConfig.of(6, List.of(5), 2, Activation.TANH, DecoderType.BERNOULLI, new Init.Normal(0.7)).withSecondLayer(List.of(3), 1),
        new Xoshiro256(4));
    Evaluation e2 = Evaluation.of(two, data, new int[] {1, 10}, 1, 5, done -> { });
    assertEquals(1, e2.activity2().length);
    assertEquals(e2.activeUnits2(), new ObjectMapper().readTree(e2.toJson()).get("activeUnits2").asInt());
  }

  /** The mutual information 'latent eval' prints is diagnostics.csv's: over the same first 2,000 test images, not all of them. */
  @Test
  void mutualInformationIsTheDiagnosticsEstimate() {
    Vae one = LogLikelihoodTest.vae();
    Xoshiro256 r = new Xoshiro256(9);
    latent.tensor.Tensor x = latent.tensor.Tensor.zeros(latent.model.MutualInformation.EPOCH_POINTS + 300, 6);
    for (int i = 0; i < x.size(); i++) x.data[i] = r.nextFloat() < 0.4f ? 1f : 0f;
    var data = new latent.data.Dataset("more", x, null);
    Evaluation e = Evaluation.of(one, data, new int[] {1}, 1, 5, done -> { });
    assertEquals(latent.model.CollapseDiagnostics.of(one, data, 5).mutualInformation(), e.mutualInformation(), 0.0);
  }
}
