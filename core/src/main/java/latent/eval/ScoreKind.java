package latent.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import latent.InputException;

/**
 * The per-example scores an anomaly detector can rank by, each as printed and written, with the
 * direction that marks an anomaly:
 *
 * <pre>
 *   lk            L_k(x) = log (1/k) Σ_i p(x, z_i)/q(z_i|x)  ≤ log p(x)      low: anomalous  (Burda et al. 2015)
 *   elbo          ELBO(x) ≈ (1/k) Σ_i log p(x, z_i)/q(z_i|x)  ≤ L_k(x)        low: anomalous  (Kingma &amp; Welling 2014)
 *   recon-loglik  log p(x | z = μ(x)), the decoder's density at the posterior mean   low: anomalous
 *   recon-error   ‖x − E[x | z = μ(x)]‖², summed over the input's values            high: anomalous
 * </pre>
 *
 * z_i ~ q(z|x) are the same k draws for L_k and the ELBO. The first two are bounds on log p(x)
 * (the prior and the posterior's spread count); the last two see the reconstruction alone:
 * {@code recon-loglik} is Deeplearning4j's "reconstruction probability" with one draw at the
 * mean, {@code recon-error} what most tutorials threshold. {@link #anomaly} turns each into a
 * score that is higher for more anomalous examples, as {@link Detection} and {@link Threshold}
 * take it.
 */
public enum ScoreKind {
  LK("lk", "L_k"),
  ELBO("elbo", "elbo"),
  RECON_LOGLIK("recon-loglik", "recon_loglik"),
  RECON_ERROR("recon-error", "recon_error");

  /** All four, in the order above: what {@code latent score} computes unless told otherwise. */
  public static final List<ScoreKind> ALL = List.of(values());

  private final String label;
  private final String column;

  ScoreKind(String label, String column) {
    this.label = label;
    this.column = column;
  }

  /** The name on the command line and in {@code threshold.json}: {@code lk}, {@code elbo}, …. */
  public String label() {
    return label;
  }

  /** The CSV column and printed heading; for L_k with its k: {@code L_100}. */
  public String column(int k) {
    return this == LK ? "L_" + k : column;
  }

  /** Whether the score depends on k, the draws per example: the two bounds do, the reconstruction scores (at μ) do not. */
  public boolean dependsOnK() {
    return this == LK || this == ELBO;
  }

  /** The anomaly score's name: {@code -L_100}, {@code -elbo}, {@code -recon_loglik}, or {@code recon_error}. */
  public String anomalyColumn(int k) {
    return this == RECON_ERROR ? column(k) : "-" + column(k);
  }

  /** The value oriented so that higher means more anomalous: −L_k, −ELBO, −log p(x|μ), or the error itself. */
  public double anomaly(double value) {
    return this == RECON_ERROR ? value : -value;
  }

  public static ScoreKind parse(String s) {
    String key = s.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(v -> v.label.equals(key)).findFirst().orElseThrow(() -> new InputException(
        "expected one of " + Arrays.stream(values()).map(ScoreKind::label).toList() + ", got '" + InputException.excerpt(s) + "'"));
  }
}
