package latent.model;

import java.util.ArrayList;
import java.util.List;
import latent.autodiff.Tape;
import latent.data.Dataset;
import latent.distributions.Normal;
import latent.tensor.Tensor;

/**
 * The recognition model's posterior for every example of a dataset,
 * q_φ(z|x) = N(μ_φ(x), diag σ²_φ(x)) (the first stochastic layer's), computed in chunks.
 *
 * @param loc    μ_φ(x), {@code [n, Nz]}
 * @param logVar log σ²_φ(x), {@code [n, Nz]}
 */
public record Encodings(Tensor loc, Tensor logVar) {
  private static final int CHUNK = 500;

  /** Encodes every row of {@code data}. Deterministic: no noise is drawn. */
  public static Encodings of(Vae vae, Dataset data) {
    return of(vae, data.x());
  }

  /** Encodes every row of {@code x [n, D]}. */
  public static Encodings of(Vae vae, Tensor xs) {
    int n = xs.rows, d = xs.cols, nz = vae.config.latentSize();
    Tensor loc = Tensor.zeros(n, nz), logVar = Tensor.zeros(n, nz);
    Tape tape = new Tape();
    for (int from = 0; from < n; from += CHUNK) {
      int m = Math.min(CHUNK, n - from);
      Normal q = vae.encode(tape, tape.constant(tape.copyRows(xs, from, m)));
      System.arraycopy(q.loc.value.data, 0, loc.data, from * nz, m * nz);
      System.arraycopy(q.logVar.value.data, 0, logVar.data, from * nz, m * nz);
      tape.reset();
    }
    return new Encodings(loc, logVar);
  }

  /** One row per example: the Nz means, then the Nz log-variances, {@code [n, 2·Nz]}. */
  public Tensor asMatrix() {
    int n = loc.rows, nz = loc.cols;
    Tensor m = Tensor.zeros(n, 2 * nz);
    for (int i = 0; i < n; i++) {
      System.arraycopy(loc.data, i * nz, m.data, i * 2 * nz, nz);
      System.arraycopy(logVar.data, i * nz, m.data, i * 2 * nz + nz, nz);
    }
    return m;
  }

  /** Column names of {@link #asMatrix}: {@code loc_0 … loc_{Nz−1}, logvar_0 … logvar_{Nz−1}}. */
  public List<String> columns() {
    return columns(loc.cols);
  }

  /** The column names for {@code nz} latent dimensions. */
  public static List<String> columns(int nz) {
    List<String> c = new ArrayList<>();
    for (int j = 0; j < nz; j++) c.add("loc_" + j);
    for (int j = 0; j < nz; j++) c.add("logvar_" + j);
    return c;
  }
}
