package latent.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.tensor.Activation;

/** A stack of dense layers {@code in → hidden[0] → ... → hidden[last]}, all with the same activation. */
public final class Mlp implements Module {
  private final List<Linear> layers = new ArrayList<>();

  public Mlp(String name, int in, List<Integer> hidden, Activation activation, Init init, RandomGenerator rng) {
    int width = in;
    for (int i = 0; i < hidden.size(); i++) {
      layers.add(new Linear(name + "." + i, width, hidden.get(i), activation, init, rng));
      width = hidden.get(i);
    }
  }

  /** Width of the last layer's output ({@code in} for an empty stack). */
  public int out(int in) {
    return layers.isEmpty() ? in : layers.get(layers.size() - 1).out();
  }

  public Var forward(Tape tape, Var x) {
    Var h = x;
    for (Linear l : layers) h = l.forward(tape, h);
    return h;
  }

  public List<Linear> layers() {
    return layers;
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> ps = new ArrayList<>();
    for (Linear l : layers) ps.addAll(l.parameters());
    return ps;
  }
}
