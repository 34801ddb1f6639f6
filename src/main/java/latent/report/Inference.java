package latent.report;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import latent.autodiff.Tape;
import latent.distributions.Normal;
import latent.model.Vae;
import latent.tensor.Tensor;

/**
 * The model's two maps, evaluated without gradients in chunks of {@value #CHUNK} rows:
 * <pre>
 *   decoder means  E[x | z] for given z                 (Bernoulli: σ(logits); Gaussian: μ)
 *   encoder means  μ_φ(x) = E_q[z | x] for given x
 *   prior draws    z ~ p(z): N(0, I), or with two stochastic layers h2 ~ N(0, I), h1 ~ p(h1|h2)
 * </pre>
 * With two stochastic layers, z is h1, the layer the decoder reads.
 */
public final class Inference {
  static final int CHUNK = 1000;

  private Inference() {}

  /** E[x|z] for each row of {@code z [n, N_z]}: {@code [n, D]}. */
  public static Tensor decoderMeans(Vae vae, Tensor z) {
    Tensor out = Tensor.zeros(z.rows, vae.config.inputSize());
    Tape tape = new Tape();
    for (int from = 0; from < z.rows; from += CHUNK) {
      int n = Math.min(CHUNK, z.rows - from);
      Tensor mean = vae.decode(tape, tape.constant(rows(z, from, n))).mean();
      System.arraycopy(mean.data, 0, out.data, from * out.cols, n * out.cols);
      tape.reset();
    }
    return out;
  }

  /** μ_φ(x) for each row of {@code x [n, D]}: {@code [n, N_z]}. */
  public static Tensor encoderMeans(Vae vae, Tensor x) {
    return latent.eval.Encodings.of(vae, x).loc();
  }

  /** {@code n} draws of the decoder's input z from the prior, {@code [n, N_z]}. */
  public static Tensor priorDraws(Vae vae, int n, RandomGenerator rng) {
    Tape tape = new Tape();
    if (vae.prior1 == null) return Normal.standardNoise(tape, n, vae.config.latentSize(), rng);
    Tensor h2 = Normal.standardNoise(tape, n, vae.config.latentSize2(), rng);
    return vae.prior1.forward(tape, tape.constant(h2)).sample(rng);
  }

  private static Tensor rows(Tensor t, int from, int n) {
    return new Tensor(n, t.cols, Arrays.copyOfRange(t.data, from * t.cols, (from + n) * t.cols));
  }
}
