package latent.report;

import java.util.Locale;
import latent.InputException;
import latent.data.Dataset;
import latent.model.Encodings;
import latent.model.Vae;
import latent.tensor.Tensor;

/**
 * The learned data manifold (AEVB, Figure 4): decoder means over a {@code steps × steps} grid
 * of latent points whose coordinates are Φ⁻¹ of evenly spaced values in (0, 1), so every
 * cell holds the same prior mass:
 *
 * <pre>
 *   u_i = (i + ½) / steps,  a_i = Φ⁻¹(u_i)                     i = 0 .. steps − 1
 *   N_z = 2:  z_ij = (a_j, a_{steps−1−i})                        (z_1 left to right, z_2 bottom to top)
 *   N_z > 2:  z_ij = z̄ + a_j √λ_1 v_1 + a_{steps−1−i} √λ_2 v_2
 * </pre>
 *
 * With more than two latent dimensions the plane is the one through the mean z̄ of the
 * posterior means of the test images spanned by their two directions of highest variance
 * v_1, v_2 ({@link Pca}), each scaled by its standard deviation √λ.
 */
public final class Manifold {
  private Manifold() {}

  /** Test images needed above two latent dimensions, where they give the plane's directions. */
  public static final int MIN_TEST_IMAGES = 3;

  /** {@code test} is read only when N_z &gt; 2 (may be null otherwise). */
  public static Figure render(Vae vae, Dataset test, ImageShape shape, int steps) {
    int nz = vae.config.latentSize();
    double[] a = new double[steps];
    for (int i = 0; i < steps; i++) a[i] = NormalQuantile.of((i + 0.5) / steps);
    if (nz == 1) {   // one dimension: a single row, not a grid of identical rows
      Tensor z = Tensor.zeros(steps, 1);
      for (int j = 0; j < steps; j++) z.data[j] = (float) a[j];
      String caption = String.format(Locale.ROOT, "Decoder means at z = Φ⁻¹(u) for %d values of u evenly spaced in (0, 1); "
          + "z grows to the right.", steps);
      return new Figure("manifold", "Learned manifold", caption, ImageGrid.of(vae.decoderMeans(z), shape, steps, ImageGrid.scaleFor(shape, 28)));
    }
    Tensor z = Tensor.zeros(steps * steps, nz);
    String caption;
    if (nz == 2) {
      for (int i = 0; i < steps; i++) {
        for (int j = 0; j < steps; j++) {
          int row = i * steps + j;
          z.data[row * nz] = (float) a[j];
          z.data[row * nz + 1] = (float) a[steps - 1 - i];
        }
      }
      caption = String.format(Locale.ROOT, "Decoder means over a %d×%d grid of z = Φ⁻¹(u), u evenly spaced in (0, 1)²; "
          + "z₁ grows to the right, z₂ upwards (AEVB, Figure 4).", steps, steps);
    } else {
      if (test == null || test.size() < MIN_TEST_IMAGES) {
        throw new InputException((test == null ? "no test set" : test.name() + ": " + test.size() + " test images")
            + "; the manifold of " + nz + " latent dimensions needs at least " + MIN_TEST_IMAGES + " for its two directions");
      }
      Pca pca = Pca.fit(Encodings.of(vae, test.x()).loc(), 2);
      for (int i = 0; i < steps; i++) {
        for (int j = 0; j < steps; j++) {
          int row = i * steps + j;
          double s1 = a[j] * Math.sqrt(pca.variances()[0]), s2 = a[steps - 1 - i] * Math.sqrt(pca.variances()[1]);
          for (int k = 0; k < nz; k++) {
            z.data[row * nz + k] = (float) (pca.mean()[k] + s1 * pca.directions()[0][k] + s2 * pca.directions()[1][k]);
          }
        }
      }
      caption = String.format(Locale.ROOT, "Decoder means over a %d×%d grid in the plane of the two directions of highest "
          + "posterior-mean variance (standard deviations %.2f and %.2f), coordinates Φ⁻¹(u) standard deviations from the mean.",
          steps, steps, Math.sqrt(pca.variances()[0]), Math.sqrt(pca.variances()[1]));
    }
    Tensor means = vae.decoderMeans(z);
    return new Figure("manifold", "Learned manifold", caption, ImageGrid.of(means, shape, steps, ImageGrid.scaleFor(shape, 28)));
  }
}
