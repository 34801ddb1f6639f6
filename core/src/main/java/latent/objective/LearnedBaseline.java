package latent.objective;

import java.util.List;
import java.util.random.RandomGenerator;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.nn.Init;
import latent.nn.Linear;
import latent.nn.Module;
import latent.nn.Parameter;
import latent.tensor.Activation;

/**
 * NVIL's input-dependent baseline b_ψ(x) (Mnih and Gregor 2014, §3.3): a one-hidden-layer
 * network, D-100-1 tanh as in their experiments, fitted to the centred learning signal by
 * least squares. Its output layer starts at zero, so it begins as no correction at all.
 */
final class LearnedBaseline implements Module {
  static final int HIDDEN = 100;
  private final Linear hidden;
  private final Linear out;

  LearnedBaseline(int inputSize, RandomGenerator rng) {
    hidden = new Linear("baseline.hidden", inputSize, HIDDEN, Activation.TANH, new Init.GlorotUniform(), rng);
    out = new Linear("baseline.out", HIDDEN, 1, Activation.IDENTITY, new Init.GlorotUniform(), rng);
    out.weight.value.fill(0f);
  }

  /** b_ψ(x), {@code [n, 1]}. */
  Var forward(Tape tape, Var x) {
    return out.forward(tape, hidden.forward(tape, x));
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> ps = new java.util.ArrayList<>(hidden.parameters());
    ps.addAll(out.parameters());
    return ps;
  }
}
