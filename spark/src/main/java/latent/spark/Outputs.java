package latent.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import latent.eval.AnomalyScores;
import latent.eval.ScoreKind;
import latent.eval.Threshold;
import latent.tensor.Tensor;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The columns a {@link VaeModel} adds, in this order, each left out when its name is empty:
 *
 * <pre>
 *   latentMeanCol       μ(x), the posterior mean                         vector of Nz
 *   latentLogVarCol     log σ²(x), the posterior log-variance            vector of Nz
 *   scoreCol            L_k(x) = log (1/k) Σ_i p(x, z_i)/q(z_i|x)        double, nats; ≤ log p(x)
 *   elboCol             (1/k) Σ_i log p(x, z_i)/q(z_i|x), the ELBO         double, nats
 *   reconLogLikCol      log p(x | z = μ(x))                               double, nats
 *   reconErrorCol       Σ_d (x_d − E[x_d | z = μ(x)])², on the [0, 1] scale the model sees
 *   reconstructionCol   E[x | z = μ(x)], in the input's units            vector of D
 *   anomalyCol          the threshold's anomaly score above its value     boolean; only with a threshold
 * </pre>
 *
 * (the scores of {@link AnomalyScores}, as {@code latent score} computes them) with the sampling
 * settings (k, seed), the threshold recorded with the model (or null), and the threads each task uses.
 */
record Outputs(String mean, String logVar, String score, String elbo, String reconLogLik, String reconError, String reconstruction,
               String anomaly, Threshold threshold, int k, long seed, int threads) implements Serializable {

  /** Whether any column needs the scores (and so k samples of z per row); without them rows are only encoded. */
  boolean scores() {
    return !score.isEmpty() || !elbo.isEmpty() || !reconLogLik.isEmpty() || !reconError.isEmpty() || flags();
  }

  /** Whether the anomaly flag is written: asked for, and the model has a threshold. */
  boolean flags() {
    return !anomaly.isEmpty() && threshold != null;
  }

  boolean reconstructs() {
    return !reconstruction.isEmpty();
  }

  /** The added columns' fields. */
  List<StructField> fields() {
    List<StructField> f = new ArrayList<>();
    if (!mean.isEmpty()) f.add(DataTypes.createStructField(mean, SQLDataTypes.VectorType(), false));
    if (!logVar.isEmpty()) f.add(DataTypes.createStructField(logVar, SQLDataTypes.VectorType(), false));
    if (!score.isEmpty()) f.add(DataTypes.createStructField(score, DataTypes.DoubleType, false));
    if (!elbo.isEmpty()) f.add(DataTypes.createStructField(elbo, DataTypes.DoubleType, false));
    if (!reconLogLik.isEmpty()) f.add(DataTypes.createStructField(reconLogLik, DataTypes.DoubleType, false));
    if (!reconError.isEmpty()) f.add(DataTypes.createStructField(reconError, DataTypes.DoubleType, false));
    if (!reconstruction.isEmpty()) f.add(DataTypes.createStructField(reconstruction, SQLDataTypes.VectorType(), false));
    if (flags()) f.add(DataTypes.createStructField(anomaly, DataTypes.BooleanType, false));
    return f;
  }

  /** Row i's added values, in the order of {@link #fields}; {@code s} and {@code flagged} null unless {@link #scores}. */
  Object[] row(int i, Tensor loc, Tensor logVarValues, AnomalyScores s, boolean[] flagged, Tensor reconstructed) {
    List<Object> v = new ArrayList<>(8);
    if (!mean.isEmpty()) v.add(PartitionScorer.vector(loc, i));
    if (!logVar.isEmpty()) v.add(PartitionScorer.vector(logVarValues, i));
    if (!score.isEmpty()) v.add(s.of(ScoreKind.LK)[i]);
    if (!elbo.isEmpty()) v.add(s.of(ScoreKind.ELBO)[i]);
    if (!reconLogLik.isEmpty()) v.add(s.of(ScoreKind.RECON_LOGLIK)[i]);
    if (!reconError.isEmpty()) v.add(s.of(ScoreKind.RECON_ERROR)[i]);
    if (!reconstruction.isEmpty()) v.add(PartitionScorer.vector(reconstructed, i));
    if (flags()) v.add(flagged[i]);
    return v.toArray();
  }
}
