package latent.model;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Bernoulli;
import latent.distributions.Normal;
import latent.distributions.Observation;
import latent.nn.Linear;
import latent.nn.Mlp;
import latent.nn.Module;
import latent.nn.Parameter;
import latent.tensor.Activation;
import latent.tensor.Tensor;

/**
 * The generative model p_θ(x|z): an MLP from z to a hidden layer h, then
 * <ul>
 *   <li>Bernoulli: logits l = h W + b;</li>
 *   <li>Gaussian: μ = σ(h W_μ + b_μ) (or without the sigmoid), and log σ² either a head
 *       h W_σ + b_σ (AEVB appendix C.2) or one learned value per pixel, clamped to
 *       [logVarMin, logVarMax].</li>
 * </ul>
 */
public final class Decoder implements Module {
  private final ModelConfig config;
  public final Mlp body;
  public final Linear out;
  /** The Gaussian decoder's log-variance head, or null. */
  public final Linear logVar;
  /** The Gaussian decoder's per-pixel log-variance {@code [1, D]}, or null. */
  public final Parameter pixelLogVar;

  public Decoder(ModelConfig c, RandomGenerator rng) {
    config = c;
    body = new Mlp("decoder", c.latentSize(), c.decoderHidden(), c.activation(), c.init(), rng);
    int h = body.out(c.latentSize());
    boolean gaussian = c.decoder() == DecoderType.GAUSSIAN;
    Activation meanActivation = gaussian && c.gaussianMeanSigmoid() ? Activation.SIGMOID : Activation.IDENTITY;
    out = new Linear(gaussian ? "decoder.loc" : "decoder.logits", h, c.inputSize(), meanActivation, c.init(), rng);
    boolean head = gaussian && c.gaussianVariance() == ModelConfig.GaussianVariance.HEAD;
    logVar = head ? new Linear("decoder.logvar", h, c.inputSize(), Activation.IDENTITY, c.init(), rng) : null;
    pixelLogVar = gaussian && !head ? new Parameter("decoder.pixel_logvar", 1, c.inputSize()) : null;
  }

  public Observation forward(Tape tape, Var z) {
    Var h = body.forward(tape, z);
    Var o = out.forward(tape, h);
    if (config.decoder() == DecoderType.BERNOULLI) return new Bernoulli(o);
    Var lv;
    if (logVar != null) {
      lv = logVar.forward(tape, h);
    } else {
      Tensor zeros = tape.allocZeroed(o.rows(), o.cols());
      lv = Ops.addRow(tape.constant(zeros), pixelLogVar.on(tape));
    }
    return new Normal(o, Ops.clamp(lv, config.logVarMin(), config.logVarMax()));
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> ps = new ArrayList<>(body.parameters());
    ps.addAll(out.parameters());
    if (logVar != null) ps.addAll(logVar.parameters());
    if (pixelLogVar != null) ps.add(pixelLogVar);
    return ps;
  }
}
