package latent.model;

import java.util.Locale;
import latent.data.Dataset;

/**
 * Posterior collapse, seen from a dataset's posteriors (Burda et al. 2015, §5.2; He et al.
 * 2019): how many latent dimensions are active, the KL of each, and the mutual information
 * I_q(x; z) between the data and the code, estimated on the first
 * {@value MutualInformation#EPOCH_POINTS} rows (so at most log of that many nats). A dimension
 * the model stopped using has activity and KL near zero, and adds nothing to I_q.
 *
 * @param activeUnits       dimensions with Var_x E_q[u|x] above {@link ActiveUnits#THRESHOLD}
 * @param mutualInformation I_q(x; z) in nats
 * @param klPerDimension    E_x KL(q(u|x) ‖ N(0, 1)) per latent dimension, in nats
 */
public record CollapseDiagnostics(int activeUnits, double mutualInformation, double[] klPerDimension) {
  /** The diagnostics of {@code vae} on {@code data}, the estimate's noise seeded by {@code seed}. */
  public static CollapseDiagnostics of(Vae vae, Dataset data, long seed) {
    return of(Encodings.of(vae, data), seed);
  }

  /** The diagnostics from a dataset's posteriors {@code q}. */
  public static CollapseDiagnostics of(Encodings q, long seed) {
    double mi = MutualInformation.ofFirst(q.loc(), q.logVar(), seed);
    return new CollapseDiagnostics(ActiveUnits.count(ActiveUnits.activity(q.loc())), mi, ActiveUnits.klPerDimension(q.loc(), q.logVar()));
  }

  /** diagnostics.csv's header for Nz latent dimensions: epoch,active_units,mutual_information,kl_1..kl_Nz. */
  public static String csvHeader(int latentSize) {
    StringBuilder s = new StringBuilder("epoch,active_units,mutual_information");
    for (int u = 1; u <= latentSize; u++) s.append(",kl_").append(u);
    return s.toString();
  }

  /** One row of diagnostics.csv. */
  public String csvRow(int epoch) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d,%d,%.4f", epoch, activeUnits, mutualInformation));
    for (double kl : klPerDimension) s.append(String.format(Locale.ROOT, ",%.4f", kl));
    return s.toString();
  }
}
