package latent.eval;

import java.util.Arrays;
import java.util.function.IntConsumer;
import latent.autodiff.Tape;
import latent.data.Dataset;
import latent.model.Vae;
import latent.tensor.Tensor;

/**
 * Per-example anomaly scores, every {@link ScoreKind} side by side. The two bounds come from one
 * pass of k draws z_i ~ q(z|x_j) per example (Burda et al. 2015):
 *
 * <pre>
 *   L_k(x_j)  = log (1/k) Σ_{i=1..k} w_i,   ELBO(x_j) ≈ (1/k) Σ_{i=1..k} log w_i,   w_i = p(x_j, z_i) / q(z_i|x_j)
 * </pre>
 *
 * in nats, streamed by {@link LogLikelihood} (the noise of example j seeded by (seed, key_j), the
 * key a hash of the example's values, {@link RowKeys}: an example's score does not depend on
 * where it stands in the input, and Spark's {@code VaeModel} gives it the same score). The two
 * reconstruction scores decode the posterior mean once, without noise:
 *
 * <pre>
 *   recon-loglik(x) = log p(x | z = μ(x)),   recon-error(x) = Σ_d (x_d − E[x_d | z = μ(x)])²
 * </pre>
 *
 * Unlike the reconstruction scores, L_k converges to log p(x) as k grows, so scores of different
 * examples, and of different models of the same data, are comparable.
 *
 * @param k      importance samples per example
 * @param values the scores, {@code [ScoreKind.ordinal()][example]}, in input order
 */
public record AnomalyScores(int k, double[][] values) {
  /** Importance samples per example unless told otherwise ({@code latent score --k}, Spark's {@code VaeModel}). */
  public static final int DEFAULT_K = 100;
  /** Rows decoded at once for the reconstruction scores. */
  private static final int CHUNK = 1000;

  public static AnomalyScores of(Vae vae, Dataset data, int k, long seed) {
    return of(vae, data, k, seed, done -> {});
  }

  /** As {@link #of(Vae, Dataset, int, long)}, reporting the number of examples done to {@code done}. */
  public static AnomalyScores of(Vae vae, Dataset data, int k, long seed, IntConsumer done) {
    return from(LogLikelihood.evaluate(vae, data, RowKeys.of(data.x()), new int[] {k}, seed, done), vae, data.x());
  }

  /** The scores of the rows of {@code x} from their evaluation {@code r} at one k (Spark's tasks key their rows themselves). */
  public static AnomalyScores from(LogLikelihood.Result r, Vae vae, Tensor x) {
    if (r.ks().length != 1) throw new IllegalArgumentException("expected an evaluation at one k, got " + java.util.Arrays.toString(r.ks()));
    double[][] v = new double[ScoreKind.ALL.size()][];
    v[ScoreKind.LK.ordinal()] = Arrays.stream(r.bounds()).mapToDouble(b -> b[0]).toArray();
    v[ScoreKind.ELBO.ordinal()] = r.elbo();
    v[ScoreKind.RECON_LOGLIK.ordinal()] = new double[x.rows];
    v[ScoreKind.RECON_ERROR.ordinal()] = new double[x.rows];
    reconstruction(vae, x, r.loc(), v[ScoreKind.RECON_LOGLIK.ordinal()], v[ScoreKind.RECON_ERROR.ordinal()]);
    return new AnomalyScores(r.ks()[0], v);
  }

  /** log p(x|z=μ) and ‖x − E[x|z=μ]‖² of each row of {@code x}, μ the rows of {@code loc}. */
  private static void reconstruction(Vae vae, Tensor x, Tensor loc, double[] logLik, double[] error) {
    Tape tape = new Tape();
    int d = x.cols;
    for (int from = 0; from < x.rows; from += CHUNK) {
      int m = Math.min(CHUNK, x.rows - from);
      Tensor xs = x.sliceRows(from, m);
      var p = vae.decode(tape, tape.constant(loc.sliceRows(from, m)));
      float[] lp = p.logProb(xs).value.data, mean = p.mean().data;
      for (int i = 0; i < m; i++) {
        logLik[from + i] = lp[i];
        double e = 0;
        for (int j = i * d; j < (i + 1) * d; j++) {
          double diff = xs.data[j] - mean[j];
          e += diff * diff;
        }
        error[from + i] = e;
      }
      tape.reset();
    }
  }

  /** The scores of one kind, in input order. */
  public double[] of(ScoreKind kind) {
    return values[kind.ordinal()];
  }

  /** L_k of each example. */
  public double[] bounds() {
    return of(ScoreKind.LK);
  }

  /** The scores of one kind turned so that higher is more anomalous ({@link ScoreKind#anomaly}). */
  public double[] anomaly(ScoreKind kind) {
    return Arrays.stream(of(kind)).map(kind::anomaly).toArray();
  }

  /** The scores of the examples where {@code keep} is true, in order. */
  public AnomalyScores where(boolean[] keep) {
    int[] rows = java.util.stream.IntStream.range(0, size()).filter(i -> keep[i]).toArray();
    double[][] v = new double[values.length][];
    for (int c = 0; c < v.length; c++) {
      double[] all = values[c];
      v[c] = java.util.Arrays.stream(rows).mapToDouble(i -> all[i]).toArray();
    }
    return new AnomalyScores(k, v);
  }

  /** The scores of consecutive blocks of examples as one, in order (all at the same k). */
  public static AnomalyScores concat(java.util.List<AnomalyScores> blocks) {
    double[][] v = new double[ScoreKind.ALL.size()][];
    for (int c = 0; c < v.length; c++) {
      int kind = c;
      v[c] = blocks.stream().flatMapToDouble(b -> Arrays.stream(b.values[kind])).toArray();
    }
    return new AnomalyScores(blocks.isEmpty() ? 0 : blocks.getFirst().k(), v);
  }

  public int size() {
    return values[0].length;
  }
}
