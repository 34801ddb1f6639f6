package latent.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import latent.autodiff.Layers;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.tensor.Activation;

/** A dense layer {@code y = f(x W + b)}, W {@code [in, out]}, b {@code [1, out]}. */
public final class Linear implements Module {
  public final Parameter weight;
  public final Parameter bias;
  public final Activation activation;

  public Linear(String name, int in, int out, Activation activation, Init init, RandomGenerator rng) {
    this.weight = new Parameter(name + ".weight", in, out);
    this.bias = new Parameter(name + ".bias", 1, out);
    this.activation = activation;
    init.apply(weight.value, bias.value, rng);
  }

  public int in() {
    return weight.value.rows;
  }

  public int out() {
    return weight.value.cols;
  }

  public Var forward(Tape tape, Var x) {
    return Layers.linear(x, weight.on(tape), bias.on(tape), activation);
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }
}
