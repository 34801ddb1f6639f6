package latent.model;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Normal;
import latent.nn.Linear;
import latent.nn.Mlp;
import latent.nn.Module;
import latent.nn.Parameter;
import latent.tensor.Activation;

/**
 * The recognition model q_φ(z|x) = N(μ_φ(x), diag σ²_φ(x)): an MLP whose last hidden layer h
 * feeds two linear heads, μ = h W_μ + b_μ and log σ² = h W_σ + b_σ (AEVB, appendix C.2),
 * the latter clamped to [{@value #SAFE_LOG_VAR_MIN}, {@value #SAFE_LOG_VAR_MAX}]: σ² from 1e-13 to 5e8, a
 * range a healthy run never reaches, but one where σ² = exp(log σ²), σ and 1/σ² all stay
 * finite in float32 (exp overflows past 88.7), so a diverging run gives large numbers, not NaN.
 * Inside the range the clamp changes nothing, not even a bit.
 */
public final class Encoder implements Module {
  public static final float SAFE_LOG_VAR_MIN = -30f;
  public static final float SAFE_LOG_VAR_MAX = 20f;

  public final Mlp body;
  public final Linear loc;
  public final Linear logVar;

  public Encoder(ModelConfig c, RandomGenerator rng) {
    this("encoder", c.inputSize(), c.encoderHidden(), c.latentSize(), c, rng);
  }

  /**
   * A diagonal-Gaussian conditional N(μ(u), diag σ²(u)) of {@code out} dimensions given
   * {@code in}: also the second stochastic layer's q(h2|h1) and p(h1|h2).
   */
  public Encoder(String name, int in, java.util.List<Integer> hidden, int out, ModelConfig c, RandomGenerator rng) {
    body = new Mlp(name, in, hidden, c.activation(), c.init(), rng);
    int h = body.out(in);
    loc = new Linear(name + ".loc", h, out, Activation.IDENTITY, c.init(), rng);
    logVar = new Linear(name + ".logvar", h, out, Activation.IDENTITY, c.init(), rng);
  }

  public Normal forward(Tape tape, Var x) {
    Var h = body.forward(tape, x);
    return new Normal(loc.forward(tape, h), latent.autodiff.Ops.clamp(logVar.forward(tape, h), SAFE_LOG_VAR_MIN, SAFE_LOG_VAR_MAX));
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> ps = new ArrayList<>(body.parameters());
    ps.addAll(loc.parameters());
    ps.addAll(logVar.parameters());
    return ps;
  }
}
