package latent.model;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Normal;
import latent.distributions.Observation;
import latent.nn.Module;
import latent.nn.Parameter;
import latent.tensor.Tensor;

/**
 * A variational autoencoder (Kingma and Welling 2013) with one or two stochastic layers
 * (Burda et al. 2015, §5):
 *
 * <pre>
 *   one layer:   q(h1|x)            p(h1) p(x|h1),            p(h1) = N(0, I)
 *   two layers:  q(h1|x) q(h2|h1)   p(h2) p(h1|h2) p(x|h1),   p(h2) = N(0, I)
 *   log w = log p(x, h) − log q(h|x), the importance weight of one sample h ~ q(h|x)
 * </pre>
 *
 * q(h1|x) is the {@link Encoder}, p(x|h1) the {@link Decoder}; q(h2|h1) and p(h1|h2) are
 * Gaussian conditionals of the same form. Parameters are listed encoder first, then decoder,
 * then the second layer's.
 */
public final class Vae implements Module {
  public final ModelConfig config;
  public final Encoder encoder;
  public final Decoder decoder;
  /** q(h2|h1) and p(h1|h2), or null with one stochastic layer. */
  public final Encoder encoder2;
  public final Encoder prior1;

  public Vae(ModelConfig config, RandomGenerator rng) {
    this.config = config;
    this.encoder = new Encoder(config, rng);
    this.decoder = new Decoder(config, rng);
    if (config.twoStochasticLayers()) {
      encoder2 = new Encoder("encoder2", config.latentSize(), config.hidden2(), config.latentSize2(), config, rng);
      prior1 = new Encoder("decoder2", config.latentSize2(), config.hidden2().reversed(), config.latentSize(), config, rng);
    } else {
      encoder2 = null;
      prior1 = null;
    }
  }

  /** q(h1|x). */
  public Normal encode(Tape tape, Var x) {
    return encoder.forward(tape, x);
  }

  /** p(x|h1). */
  public Observation decode(Tape tape, Var z) {
    return decoder.forward(tape, z);
  }

  /**
   * log w for k samples per datapoint, {@code [n·k, 1]} (sample i of datapoint j in row j·k + i),
   * given q(h1|x) for the n datapoints and the noise of each stochastic layer
   * ({@code eps1 [n·k, |h1|]}, {@code eps2 [n·k, |h2|]} or null with one layer):
   *
   * <pre>
   *   h1 = μ1 + σ1 ⊙ ε1;   one layer:  log w = log p(x|h1) + log N(h1; 0, I) − log q(h1|x)
   *   h2 = μ2(h1) + σ2(h1) ⊙ ε2;   two:  log w = log p(x|h1) + log p(h1|h2) + log N(h2; 0, I)
   *                                              − log q(h1|x) − log q(h2|h1)
   * </pre>
   */
  public Var logWeights(Normal q1, Tensor x, int k, Tensor eps1, Tensor eps2) {
    Tape tape = q1.loc.tape();
    Normal q1k = q1.repeatRows(k);
    Var h1 = q1k.rsample(eps1);
    Var logPx = decode(tape, h1).logProb(x);
    Var logQ1 = q1k.logProb(h1);
    if (encoder2 == null) return Ops.sub(Ops.add(logPx, Normal.standardLogProb(h1)), logQ1);
    Normal q2 = encoder2.forward(tape, h1);
    Var h2 = q2.rsample(eps2);
    Var logPrior = Ops.add(prior1.forward(tape, h2).logProb(h1), Normal.standardLogProb(h2));
    return Ops.sub(Ops.add(logPx, logPrior), Ops.add(logQ1, q2.logProb(h2)));
  }

  /** Standard normal noise for {@code rows} samples of stochastic layer 1 or 2, from {@code rng}. */
  public Tensor noise(Tape tape, int layer, int rows, RandomGenerator rng) {
    return Normal.standardNoise(tape, rows, layer == 1 ? config.latentSize() : config.latentSize2(), rng);
  }

  /** Rows per chunk of the inference below: bounded memory whatever the number of rows. */
  private static final int CHUNK = 1000;

  /**
   * E[x | z] for each row of {@code z [n, Nz]}, without gradients, in chunks: Bernoulli σ(logits),
   * Gaussian μ. With two stochastic layers z is h1, the layer the decoder reads. {@code [n, D]}.
   */
  public Tensor decoderMeans(Tensor z) {
    Tensor out = Tensor.zeros(z.rows, config.inputSize());
    Tape tape = new Tape();
    for (int from = 0; from < z.rows; from += CHUNK) {
      int n = Math.min(CHUNK, z.rows - from);
      Tensor mean = decode(tape, tape.constant(z.sliceRows(from, n))).mean();
      System.arraycopy(mean.data, 0, out.data, from * out.cols, n * out.cols);
      tape.reset();
    }
    return out;
  }

  /**
   * {@code n} draws of the decoder's input from the prior, {@code [n, Nz]}: z ~ N(0, I), or with
   * two stochastic layers h2 ~ N(0, I) and then h1 ~ p(h1|h2).
   */
  public Tensor priorDraws(int n, RandomGenerator rng) {
    Tape tape = new Tape();
    if (prior1 == null) return Normal.standardNoise(tape, n, config.latentSize(), rng);
    Tensor h2 = Normal.standardNoise(tape, n, config.latentSize2(), rng);
    return prior1.forward(tape, tape.constant(h2)).sample(rng);
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> ps = new ArrayList<>(encoder.parameters());
    ps.addAll(decoder.parameters());
    if (encoder2 != null) {
      ps.addAll(encoder2.parameters());
      ps.addAll(prior1.parameters());
    }
    return ps;
  }
}
