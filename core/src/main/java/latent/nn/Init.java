package latent.nn;

import java.util.random.RandomGenerator;
import latent.tensor.Tensor;

/** How a dense layer's weight {@code W [in, out]} and bias {@code b [1, out]} start. */
public sealed interface Init {
  void apply(Tensor weight, Tensor bias, RandomGenerator rng);

  /** Every weight and bias ~ N(0, std²): AEVB (Kingma and Welling 2013, §5) with std = 0.01. */
  record Normal(double std) implements Init {
    @Override
    public void apply(Tensor weight, Tensor bias, RandomGenerator rng) {
      for (int i = 0; i < weight.size(); i++) weight.data[i] = (float) (std * rng.nextGaussian());
      for (int i = 0; i < bias.size(); i++) bias.data[i] = (float) (std * rng.nextGaussian());
    }

    @Override
    public String toString() {
      return "normal:" + std;
    }
  }

  /**
   * W ~ U(−a, a), a = √(6 / (in + out)), b = 0 (Glorot and Bengio 2010): the IWAE paper's
   * initialisation (Burda et al. 2015, §5).
   */
  record GlorotUniform() implements Init {
    @Override
    public void apply(Tensor weight, Tensor bias, RandomGenerator rng) {
      double a = Math.sqrt(6.0 / (weight.rows + weight.cols));
      for (int i = 0; i < weight.size(); i++) weight.data[i] = (float) (a * (2 * rng.nextDouble() - 1));
      bias.fill(0f);
    }

    @Override
    public String toString() {
      return "glorot";
    }
  }

  /**
   * W, b ~ U(−1/√in, 1/√in): PyTorch's {@code nn.Linear} default (Kaiming-uniform with
   * a = √5), used by the PyTorch VAE example.
   */
  record FanInUniform() implements Init {
    @Override
    public void apply(Tensor weight, Tensor bias, RandomGenerator rng) {
      double a = 1.0 / Math.sqrt(weight.rows);
      for (int i = 0; i < weight.size(); i++) weight.data[i] = (float) (a * (2 * rng.nextDouble() - 1));
      for (int i = 0; i < bias.size(); i++) bias.data[i] = (float) (a * (2 * rng.nextDouble() - 1));
    }

    @Override
    public String toString() {
      return "fan-in";
    }
  }

  /** The name as config.json holds it: {@code normal:0.01}, {@code glorot}, {@code fan-in}. */
  @com.fasterxml.jackson.annotation.JsonValue
  default String label() {
    return toString();
  }

  /** Parses {@code normal:STD}, {@code glorot} or {@code fan-in}. */
  @com.fasterxml.jackson.annotation.JsonCreator
  static Init parse(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("glorot")) return new GlorotUniform();
    if (t.equals("fan-in") || t.equals("pytorch")) return new FanInUniform();
    if (t.startsWith("normal:")) {
      try {
        double std = Double.parseDouble(t.substring(7));
        if (std > 0 && Double.isFinite(std)) return new Normal(std);
      } catch (NumberFormatException ignored) {
        // fall through to the error
      }
    }
    throw new latent.InvalidSetting("init", "expected normal:STD (STD > 0), glorot or fan-in, got '" + s + "'");
  }
}
