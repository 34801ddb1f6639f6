package latent.report;

import latent.data.Dataset;
import latent.model.Encodings;
import latent.model.Vae;
import latent.tensor.Tensor;

/**
 * How much of x the code keeps: test images in odd rows and below each its reconstruction,
 * the decoder mean at the encoder mean, E[x | z = μ_φ(x)].
 */
public final class Reconstructions {
  private Reconstructions() {}

  /** The first {@code columns · pairs} test images, in {@code pairs} pairs of rows. */
  public static Figure render(Vae vae, Dataset test, ImageShape shape, int columns, int pairs) {
    int n = Math.min(test.size(), columns * pairs);
    if (n == 0) throw new IllegalArgumentException("no test images to reconstruct");
    int d = test.dim();
    Tensor x = test.x().sliceRows(0, n);
    Tensor recon = vae.decoderMeans(Encodings.of(vae, x).loc());
    int rows = (n + columns - 1) / columns;
    Tensor grid = Tensor.zeros(2 * rows * columns, d);
    for (int i = 0; i < n; i++) {
      int r = i / columns, c = i % columns;
      System.arraycopy(x.data, i * d, grid.data, ((2 * r) * columns + c) * d, d);
      System.arraycopy(recon.data, i * d, grid.data, ((2 * r + 1) * columns + c) * d, d);
    }
    return new Figure("reconstructions", "Reconstructions",
        "Test images (odd rows) and, below each, the decoder mean at the encoder mean, E[x | z = μ_φ(x)].",
        ImageGrid.of(grid, shape, columns, ImageGrid.scaleFor(shape, 28)));
  }
}
