package latent.eval;

import java.util.Arrays;
import java.util.Comparator;
import latent.data.Dataset;
import latent.model.Vae;

/**
 * Per-example anomaly scores that are likelihood bounds: for each example x_j the IWAE bound
 *
 * <pre>
 *   L_k(x_j) = log (1/k) Σ_{i=1..k} p(x_j, z_i) / q(z_i|x_j)  ≤  log p(x_j),   z_i ~ q(z|x_j)
 * </pre>
 *
 * in nats (Burda et al. 2015). A low bound means the model finds the example improbable: the
 * ranking lists the examples from the lowest L_k (most anomalous) to the highest. Unlike a
 * reconstruction probability, L_k converges to log p(x) as k grows, so scores of different
 * examples, and of different models of the same data, are comparable. Computed by
 * {@link LogLikelihood} (streamed, the noise of example j seeded by (seed, key_j), the key a hash
 * of the example's values, {@link RowKeys}: an example's score does not depend on where it
 * stands in the input, and Spark's {@code VaeModel} gives it the same score).
 *
 * @param k       importance samples per example
 * @param bounds  L_k of each example, in input order
 * @param ranking example indices, lowest bound first (ties by index)
 */
public record AnomalyScores(int k, double[] bounds, int[] ranking) {
  /** Importance samples per example unless told otherwise ({@code latent score --k}, Spark's {@code VaeModel}). */
  public static final int DEFAULT_K = 100;

  public static AnomalyScores of(Vae vae, Dataset data, int k, long seed) {
    return of(vae, data, k, seed, done -> {});
  }

  /** As {@link #of(Vae, Dataset, int, long)}, reporting the number of examples done to {@code done}. */
  public static AnomalyScores of(Vae vae, Dataset data, int k, long seed, java.util.function.IntConsumer done) {
    double[][] b = LogLikelihood.evaluate(vae, data, RowKeys.of(data.x()), new int[] {k}, seed, done).bounds();
    double[] bounds = new double[b.length];
    for (int j = 0; j < b.length; j++) bounds[j] = b[j][0];
    Integer[] order = new Integer[bounds.length];
    for (int j = 0; j < order.length; j++) order[j] = j;
    Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> bounds[j]).thenComparingInt(j -> j));
    return new AnomalyScores(k, bounds, Arrays.stream(order).mapToInt(Integer::intValue).toArray());
  }

  /** The mean bound over the examples: the dataset's L_k per example. */
  public double mean() {
    return Arrays.stream(bounds).average().orElse(Double.NaN);
  }
}
