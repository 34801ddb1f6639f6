package latent.model;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Normal;
import latent.distributions.Observation;
import latent.nn.Module;
import latent.nn.Parameter;

/**
 * A variational autoencoder (Kingma and Welling 2013): prior p(z) = N(0, I), recognition
 * model q_φ(z|x) ({@link Encoder}) and generative model p_θ(x|z) ({@link Decoder}).
 * Parameters are listed encoder first, then decoder.
 */
public final class Vae implements Module {
  public final ModelConfig config;
  public final Encoder encoder;
  public final Decoder decoder;

  public Vae(ModelConfig config, RandomGenerator rng) {
    this.config = config;
    this.encoder = new Encoder(config, rng);
    this.decoder = new Decoder(config, rng);
  }

  public Normal encode(Tape tape, Var x) {
    return encoder.forward(tape, x);
  }

  public Observation decode(Tape tape, Var z) {
    return decoder.forward(tape, z);
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> ps = new ArrayList<>(encoder.parameters());
    ps.addAll(decoder.parameters());
    return ps;
  }
}
