package latent.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
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
 *   elboCol             L_1(x), the ELBO of the first of those samples  double, nats
 *   reconstructionCol   E[x | z = μ(x)], in the input's units            vector of D
 * </pre>
 *
 * with the sampling settings (k, seed) and the threads each task uses.
 */
record Outputs(String mean, String logVar, String score, String elbo, String reconstruction, int k, long seed, int threads)
    implements Serializable {

  /** Whether any column needs samples of z (L_k or the ELBO); without them rows are only encoded. */
  boolean samples() {
    return !score.isEmpty() || !elbo.isEmpty();
  }

  boolean reconstructs() {
    return !reconstruction.isEmpty();
  }

  /** The k of each bound computed: 1 for the ELBO, k for L_k. */
  int[] ks() {
    return k == 1 ? new int[] {1} : new int[] {1, k};
  }

  /** The added columns' fields. */
  List<StructField> fields() {
    List<StructField> f = new ArrayList<>();
    if (!mean.isEmpty()) f.add(DataTypes.createStructField(mean, SQLDataTypes.VectorType(), false));
    if (!logVar.isEmpty()) f.add(DataTypes.createStructField(logVar, SQLDataTypes.VectorType(), false));
    if (!score.isEmpty()) f.add(DataTypes.createStructField(score, DataTypes.DoubleType, false));
    if (!elbo.isEmpty()) f.add(DataTypes.createStructField(elbo, DataTypes.DoubleType, false));
    if (!reconstruction.isEmpty()) f.add(DataTypes.createStructField(reconstruction, SQLDataTypes.VectorType(), false));
    return f;
  }

  /** Row i's added values, in the order of {@link #fields}; {@code bounds[i]} holds L_1 then L_k. */
  Object[] row(int i, Tensor loc, Tensor logVarValues, double[][] bounds, Tensor reconstructed) {
    List<Object> v = new ArrayList<>(5);
    if (!mean.isEmpty()) v.add(PartitionScorer.vector(loc, i));
    if (!logVar.isEmpty()) v.add(PartitionScorer.vector(logVarValues, i));
    if (!score.isEmpty()) v.add(bounds[i][bounds[i].length - 1]);
    if (!elbo.isEmpty()) v.add(bounds[i][0]);
    if (!reconstruction.isEmpty()) v.add(PartitionScorer.vector(reconstructed, i));
    return v.toArray();
  }
}
