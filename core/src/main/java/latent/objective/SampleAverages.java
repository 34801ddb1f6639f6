package latent.objective;

import latent.autodiff.Ops;
import latent.autodiff.Var;

/**
 * Averages over the k samples of each datapoint, held in rows i·k .. i·k + k − 1 of an
 * {@code [n·k, 1]} column: the plain mean of the ELBO estimators, and the log-mean-exp of the
 * IWAE bound (a log-sum-exp shifted by the largest value, so nothing overflows).
 */
final class SampleAverages {
  private SampleAverages() {}

  /** (1/k) Σ_s a[i·k + s], {@code [n, 1]}. */
  static Var mean(Var a, int n, int k) {
    return k == 1 ? a : Ops.scale(Ops.sumColumns(Ops.reshape(a, n, k)), 1f / k);
  }

  /** log (1/k) Σ_s exp a[i·k + s], {@code [n, 1]}: L_k from the log-weights. */
  static Var logMeanExp(Var logW, int n, int k) {
    return Ops.addScalar(Ops.logSumExpColumns(Ops.reshape(logW, n, k)), (float) -Math.log(k));
  }
}
