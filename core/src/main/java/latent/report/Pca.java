package latent.report;

import latent.tensor.Tensor;

/**
 * Principal components of the rows of a matrix: the leading eigenvectors of the sample
 * covariance, by power iteration with deflation.
 *
 * <pre>
 *   C = 1/(n−1) Σ_i (x_i − x̄)(x_i − x̄)ᵀ
 *   v ← C v / ‖C v‖ until it stops turning;  λ = vᵀ C v;  C ← C − λ v vᵀ; repeat
 * </pre>
 *
 * Used on posterior means μ_φ(x): the directions of highest posterior-mean variance, along
 * which the latent scatter and the manifold of a model with N_z &gt; 2 are drawn.
 *
 * @param mean       x̄, length d
 * @param directions unit eigenvectors v_1, v_2, … (d each), by decreasing variance
 * @param variances  λ_1 ≥ λ_2 ≥ …, the variance along each direction
 * @param totalVariance trace C, the variance summed over all d dimensions
 */
public record Pca(double[] mean, double[][] directions, double[] variances, double totalVariance) {
  private static final int MAX_ITERATIONS = 1000;

  public static Pca fit(Tensor x, int components) {
    int n = x.rows, d = x.cols;
    if (components < 1 || components > d) throw new IllegalArgumentException("PCA: " + components + " components of " + d + " dimensions");
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += x.data[i * d + j];
    for (int j = 0; j < d; j++) mean[j] /= Math.max(1, n);
    double[][] c = new double[d][d];
    double[] centred = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) centred[j] = x.data[i * d + j] - mean[j];
      for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) c[a][b] += centred[a] * centred[b];
    }
    for (double[] row : c) for (int b = 0; b < d; b++) row[b] /= Math.max(1, n - 1);
    double trace = 0;
    for (int j = 0; j < d; j++) trace += c[j][j];
    double[][] directions = new double[components][];
    double[] variances = new double[components];
    for (int k = 0; k < components; k++) {
      double[] v = new double[d];
      for (int j = 0; j < d; j++) v[j] = 1 + 0.01 * j;   // fixed start, not orthogonal to any axis in practice
      normalize(v);
      double lambda = 0;
      for (int it = 0; it < MAX_ITERATIONS; it++) {
        double[] w = times(c, v);
        lambda = dot(v, w);
        if (normalize(w) == 0) break;   // C is zero on what is left
        double change = 0;
        for (int j = 0; j < d; j++) change = Math.max(change, Math.abs(w[j] - v[j]));
        v = w;
        if (change < 1e-10) break;
      }
      // a sign convention, so the same data always gives the same picture
      int largest = 0;
      for (int j = 1; j < d; j++) if (Math.abs(v[j]) > Math.abs(v[largest])) largest = j;
      if (v[largest] < 0) for (int j = 0; j < d; j++) v[j] = -v[j];
      directions[k] = v;
      variances[k] = Math.max(0, lambda);
      for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) c[a][b] -= lambda * v[a] * v[b];
    }
    return new Pca(mean, directions, variances, trace);
  }

  /** (x_i − x̄) · v_k for each row i and component k: {@code [n, components]}. */
  public Tensor project(Tensor x) {
    int d = mean.length, k = directions.length;
    Tensor out = Tensor.zeros(x.rows, k);
    for (int i = 0; i < x.rows; i++) {
      for (int c = 0; c < k; c++) {
        double s = 0;
        for (int j = 0; j < d; j++) s += (x.data[i * d + j] - mean[j]) * directions[c][j];
        out.data[i * k + c] = (float) s;
      }
    }
    return out;
  }

  private static double[] times(double[][] c, double[] v) {
    double[] w = new double[v.length];
    for (int a = 0; a < v.length; a++) w[a] = dot(c[a], v);
    return w;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) s += a[j] * b[j];
    return s;
  }

  /** Scales v to unit length in place and returns its old length. */
  private static double normalize(double[] v) {
    double norm = Math.sqrt(dot(v, v));
    if (norm > 0) for (int j = 0; j < v.length; j++) v[j] /= norm;
    return norm;
  }
}
