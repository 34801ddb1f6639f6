package latent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.distributions.Normal;
import latent.nn.Init;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The README's log-variance clamps: the encoder's log σ² to [−30, 20] and the Gaussian
 * decoder's to [−9.2, 4.6], whether it comes from a head or is one value per pixel. A value
 * outside is clamped to the bound exactly and passes no gradient back (so nothing keeps pushing
 * it further out); a value inside is left as it is, to the bit, and passes its gradient; and
 * what is computed from a clamped value (σ, the KL, log-densities) stays finite.
 */
class LogVarianceClampTest {
  static final Tensor X = Tensor.of(1, 3, 0.2f, 0.7f, 0.4f);

  static Vae vae(ModelConfig.GaussianVariance variance) {
    ModelConfig c = new ModelConfig(3, List.of(), List.of(), 3, Activation.TANH, DecoderType.GAUSSIAN, new Init.Normal(0.1),
        true, variance, ModelConfig.DECODER_LOG_VAR_MIN, ModelConfig.DECODER_LOG_VAR_MAX, List.of(), 0, false);
    return new Vae(c, new Xoshiro256(1));
  }

  @Test
  void encoderLogVarianceIsClampedToMinus30And20() {
    Vae vae = vae(ModelConfig.GaussianVariance.HEAD);
    vae.encoder.logVar.weight.value.fill(0f);
    float[] bias = vae.encoder.logVar.bias.value.data;
    bias[0] = 1000f;       // far above
    bias[1] = -1000f;      // far below
    bias[2] = 3.7f;        // inside
    vae.zeroGrad();
    Tape tape = new Tape();
    Normal q = vae.encode(tape, tape.constant(X));
    assertEquals(20f, q.logVar.value.data[0]);
    assertEquals(-30f, q.logVar.value.data[1]);
    assertEquals(Float.floatToRawIntBits(3.7f), Float.floatToRawIntBits(q.logVar.value.data[2]), "inside the range, not a bit changed");
    for (float s : q.scale().data) assertTrue(Float.isFinite(s) && s > 0, "σ " + s);
    var kl = q.klToStandardNormal();
    assertTrue(Float.isFinite(kl.value.data[0]), "KL " + kl.value.data[0]);
    tape.backward(Ops.sum(q.logVar));
    float[] grad = vae.encoder.logVar.bias.grad.data;
    assertEquals(0f, grad[0], "no gradient above the range");
    assertEquals(0f, grad[1], "no gradient below the range");
    assertEquals(1f, grad[2], "the gradient inside the range");
  }

  @Test
  void decoderLogVarianceIsClampedToMinus9Point2And4Point6() {
    for (ModelConfig.GaussianVariance variance : ModelConfig.GaussianVariance.values()) {
      Vae vae = vae(variance);
      float[] lv;
      if (variance == ModelConfig.GaussianVariance.HEAD) {
        vae.decoder.logVar.weight.value.fill(0f);
        lv = vae.decoder.logVar.bias.value.data;
      } else {
        lv = vae.decoder.pixelLogVar.value.data;
      }
      lv[0] = 50f;
      lv[1] = -50f;
      lv[2] = -2.3f;
      vae.zeroGrad();
      Tape tape = new Tape();
      Normal p = (Normal) vae.decode(tape, tape.constant(Tensor.of(1, 3, 0.5f, -1f, 2f)));
      assertEquals(4.6f, p.logVar.value.data[0], variance.toString());
      assertEquals(-9.2f, p.logVar.value.data[1], variance.toString());
      assertEquals(Float.floatToRawIntBits(-2.3f), Float.floatToRawIntBits(p.logVar.value.data[2]), variance + ": inside the range, not a bit changed");
      var logProb = p.logProb(X);
      assertTrue(Float.isFinite(logProb.value.data[0]), variance + ": log p(x|z) " + logProb.value.data[0]);
      tape.backward(Ops.sum(p.logVar));
      float[] grad = variance == ModelConfig.GaussianVariance.HEAD ? vae.decoder.logVar.bias.grad.data : vae.decoder.pixelLogVar.grad.data;
      assertEquals(0f, grad[0], variance + ": no gradient above the range");
      assertEquals(0f, grad[1], variance + ": no gradient below the range");
      assertEquals(1f, grad[2], variance + ": the gradient inside the range");
    }
  }
}
