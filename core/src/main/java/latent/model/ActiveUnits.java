package latent.model;

import latent.tensor.Tensor;

/**
 * Latent-space statistics over a dataset, from the encoder's means and log-variances.
 *
 * <pre>
 *   activity  A_u = Cov_x( E_q(u|x)[u] ) = Var_x μ_u(x)            (Burda et al. 2015, §5.2)
 *   active    A_u > 0.01
 *   KL_u      = E_x[ −½ (1 + log σ_u² − μ_u² − σ_u²) ]              (per dimension, nats)
 * </pre>
 */
public final class ActiveUnits {
  /** Burda et al.'s threshold on A_u. */
  public static final double THRESHOLD = 0.01;

  private ActiveUnits() {}

  /** A_u per latent dimension, {@code loc} being {@code [images, Nz]}. */
  public static double[] activity(Tensor loc) {
    int n = loc.rows, d = loc.cols;
    double[] mean = new double[d], var = new double[d];
    for (int i = 0; i < n; i++) for (int u = 0; u < d; u++) mean[u] += loc.data[i * d + u];
    for (int u = 0; u < d; u++) mean[u] /= n;
    for (int i = 0; i < n; i++) {
      for (int u = 0; u < d; u++) {
        double c = loc.data[i * d + u] - mean[u];
        var[u] += c * c;
      }
    }
    for (int u = 0; u < d; u++) var[u] /= Math.max(1, n - 1);
    return var;
  }

  /**
   * A_u of the second stochastic layer h2, with E_q[h2|x] taken as the mean of q(h2|h1) at
   * h1 = E_q[h1|x] ({@code loc1}, {@code [images, |h1|]}): one pass instead of sampling h1.
   */
  public static double[] secondLayerActivity(Vae vae, Tensor loc1) {
    var tape = new latent.autodiff.Tape();
    return activity(vae.encoder2.forward(tape, tape.constant(loc1)).loc.value);
  }

  public static int count(double[] activity) {
    int a = 0;
    for (double v : activity) if (v > THRESHOLD) a++;
    return a;
  }

  /** Mean KL(q(u|x) ‖ N(0, 1)) per latent dimension. */
  public static double[] klPerDimension(Tensor loc, Tensor logVar) {
    int n = loc.rows, d = loc.cols;
    double[] kl = new double[d];
    for (int i = 0; i < n; i++) {
      for (int u = 0; u < d; u++) {
        double mu = loc.data[i * d + u], lv = logVar.data[i * d + u];
        kl[u] += -0.5 * (1 + lv - mu * mu - Math.exp(lv));
      }
    }
    for (int u = 0; u < d; u++) kl[u] /= n;
    return kl;
  }
}
