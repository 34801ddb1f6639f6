package latent.report;

import java.util.Locale;
import java.util.random.RandomGenerator;
import latent.model.Vae;
import latent.tensor.Tensor;

/**
 * What the generative model has learned to produce: decoder means E[x|z] for z drawn from the
 * prior p(z) = N(0, I), a {@code side × side} grid. Means rather than draws of x, as in the
 * papers' figures: a Bernoulli draw would add salt-and-pepper noise.
 */
public final class SampleGrid {
  private SampleGrid() {}

  public static Figure render(Vae vae, ImageShape shape, int side, RandomGenerator rng) {
    Tensor z = vae.priorDraws(side * side, rng);
    Tensor means = vae.decoderMeans(z);
    return new Figure("samples", "Samples from the prior",
        String.format(Locale.ROOT, "Decoder means E[x|z] for %d draws of z ~ N(0, I).", side * side),
        ImageGrid.of(means, shape, side, ImageGrid.scaleFor(shape, 28)));
  }
}
