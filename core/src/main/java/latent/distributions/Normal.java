package latent.distributions;

import java.util.random.RandomGenerator;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.tensor.Parallel;
import latent.tensor.Tensor;

/**
 * A diagonal Gaussian N(μ, diag σ²) per row, parameterized by {@code loc} = μ and
 * {@code logVar} = log σ² (the encoder's two heads), both {@code [n, d]}.
 *
 * <pre>
 *   rsample:  z = μ + σ ⊙ ε,  σ = exp(½ log σ²),  ε ~ N(0, I)          (reparameterization)
 *   logProb:  log q(z) = −½ Σ_j [ log 2π + log σ_j² + (z_j − μ_j)² / σ_j² ]
 *   entropy:  H = ½ Σ_j [ 1 + log 2π + log σ_j² ]
 *   klToStandardNormal:  KL(q ‖ N(0, I)) = −½ Σ_j [ 1 + log σ_j² − μ_j² − σ_j² ]
 * </pre>
 *
 * Kingma and Welling (2013), appendix B, for the KL.
 */
public final class Normal implements Observation {
  static final double LOG_2PI = Math.log(2 * Math.PI);

  public final Var loc;
  public final Var logVar;

  public Normal(Var loc, Var logVar) {
    Tensor.requireSameShape(loc.value, logVar.value, "Normal(loc, logVar)");
    this.loc = loc;
    this.logVar = logVar;
  }

  public int rows() {
    return loc.rows();
  }

  public int dim() {
    return loc.cols();
  }

  /** The same distribution for each of k samples per row: every row repeated k times, in place ({@code this} for k = 1). */
  public Normal repeatRows(int k) {
    return k == 1 ? this : new Normal(Ops.repeatRows(loc, k), Ops.repeatRows(logVar, k));
  }

  /** The same distribution with its parameters cut from the graph: no gradient flows back through them. */
  public Normal detached() {
    return new Normal(latent.autodiff.Surrogates.detach(loc), latent.autodiff.Surrogates.detach(logVar));
  }

  /** μ, without gradient. */
  @Override
  public Tensor mean() {
    return loc.value.copy();
  }

  /** log N(x; μ, σ²) per row for data x (a decoder's likelihood). */
  @Override
  public Var logProb(Tensor x) {
    int k = Observation.samplesPerRow(loc.value, x);
    Var data = loc.tape().constant(x);
    return logProb(Ops.repeatRows(data, k));
  }

  /** σ = exp(½ log σ²), without gradient. */
  public Tensor scale() {
    Tensor s = Tensor.zeros(rows(), dim());
    for (int i = 0; i < s.size(); i++) s.data[i] = (float) Math.exp(0.5 * logVar.value.data[i]);
    return s;
  }

  /** z = μ + σ ⊙ ε for a given ε {@code [n, d]};  ∂μ += g, ∂log σ² += g · ½ σ ε. */
  public Var rsample(Tensor eps) {
    Tensor.requireSameShape(loc.value, eps, "rsample");
    Tape tape = loc.tape();
    Tensor z = tape.alloc(rows(), dim());
    Tensor sigmaEps = expScaled(tape, logVar.value, 0.5f);   // σ, then σ ε in place
    float[] mu = loc.value.data;
    for (int i = 0; i < z.size(); i++) {
      sigmaEps.data[i] *= eps.data[i];
      z.data[i] = mu[i] + sigmaEps.data[i];
    }
    return tape.record(z, g -> {
      if (loc.requiresGrad) {
        float[] gm = loc.grad().data;
        for (int i = 0; i < gm.length; i++) gm[i] += g.data[i];
      }
      if (logVar.requiresGrad) {
        float[] gl = logVar.grad().data;
        for (int i = 0; i < gl.length; i++) gl[i] += 0.5f * g.data[i] * sigmaEps.data[i];
      }
    }, loc, logVar);
  }

  /** ε ~ N(0, I) of shape {@code [n, d]} then {@link #rsample(Tensor)}. */
  public Var rsample(RandomGenerator rng) {
    return rsample(standardNoise(loc.tape(), rows(), dim(), rng));
  }

  /** A draw with no gradient. */
  @Override
  public Tensor sample(RandomGenerator rng) {
    Tensor eps = standardNoise(loc.tape(), rows(), dim(), rng);
    Tensor z = Tensor.zeros(rows(), dim());
    for (int i = 0; i < z.size(); i++) z.data[i] = loc.value.data[i] + (float) Math.exp(0.5 * logVar.value.data[i]) * eps.data[i];
    return z;
  }

  /** exp(c · t) elementwise into a pooled tensor of the tape (vectorized exp). */
  private static Tensor expScaled(Tape tape, Tensor t, float c) {
    Tensor out = tape.alloc(t.rows, t.cols);
    for (int i = 0; i < out.size(); i++) out.data[i] = c * t.data[i];
    latent.tensor.Kernels.exp(out.data, out.data, 0, out.size());
    return out;
  }

  /** ε ~ N(0, I), drawn row by row from {@code rng}. */
  public static Tensor standardNoise(Tape tape, int rows, int cols, RandomGenerator rng) {
    Tensor eps = tape.alloc(rows, cols);
    for (int i = 0; i < eps.size(); i++) eps.data[i] = (float) rng.nextGaussian();
    return eps;
  }

  /**
   * What one element of the per-row sums below costs, in units of a plain elementwise pass, for
   * {@link Parallel#forRange}: scalar double-precision work, so a 1000 × 50 batch (k = 50 samples
   * of 20 images) is worth two threads.
   */
  private static final long ROW_WORK = 4;

  /**
   * log q(z) per row, {@code [n, 1]}. With d = z − μ and τ = 1/σ²:
   * ∂z += −g d τ,  ∂μ += g d τ,  ∂log σ² += g (−½ + ½ d² τ).
   */
  public Var logProb(Var z) {
    Tensor.requireSameShape(loc.value, z.value, "logProb");
    Tape tape = loc.tape();
    int n = rows(), d = dim();
    Tensor out = tape.alloc(n, 1);
    float[] mu = loc.value.data, lv = logVar.value.data, x = z.value.data;
    Tensor scaled = expScaled(tape, logVar.value, -1f);   // τ = 1/σ², then r = (z − μ) τ in place
    float[] r = scaled.data;
    Parallel.forRange(n, ROW_WORK * n * d, (i0, i1) -> {
      for (int i = i0; i < i1; i++) {
        double s = 0;
        for (int j = i * d; j < (i + 1) * d; j++) {
          float diff = x[j] - mu[j];
          r[j] *= diff;
          s += lv[j] + diff * r[j];
        }
        out.data[i] = (float) (-0.5 * (s + d * LOG_2PI));
      }
    });
    return tape.record(out, g -> {
      // the gradients are fetched here, before the threads: grad() allocates on first use
      float[] gz = z.requiresGrad ? z.grad().data : null, gm = loc.requiresGrad ? loc.grad().data : null;
      float[] gl = logVar.requiresGrad ? logVar.grad().data : null;
      Parallel.forRange(n, ROW_WORK * n * d, (i0, i1) -> {
        for (int i = i0; i < i1; i++) {
          float gi = g.data[i];
          for (int j = i * d; j < (i + 1) * d; j++) {
            if (gz != null) gz[j] -= gi * r[j];
            if (gm != null) gm[j] += gi * r[j];
            if (gl != null) gl[j] += gi * (0.5f * (x[j] - mu[j]) * r[j] - 0.5f);
          }
        }
      });
    }, z, loc, logVar);
  }

  /** H per row, {@code [n, 1]};  ∂log σ² += ½ g. */
  public Var entropy() {
    Tape tape = loc.tape();
    int n = rows(), d = dim();
    Tensor out = tape.alloc(n, 1);
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = i * d; j < (i + 1) * d; j++) s += 1 + LOG_2PI + logVar.value.data[j];
      out.data[i] = (float) (0.5 * s);
    }
    return tape.record(out, g -> {
      float[] gl = logVar.grad().data;
      for (int i = 0; i < n; i++) for (int j = i * d; j < (i + 1) * d; j++) gl[j] += 0.5f * g.data[i];
    }, logVar);
  }

  /** KL(q ‖ N(0, I)) per row into {@code out}, the values {@link #klToStandardNormal} records. */
  public void klValues(float[] out) {
    int n = rows(), d = dim();
    float[] mu = loc.value.data, lv = logVar.value.data;
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = i * d; j < (i + 1) * d; j++) s += 1 + lv[j] - mu[j] * mu[j] - Math.exp(lv[j]);
      out[i] = (float) (-0.5 * s);
    }
  }

  /**
   * KL(q_j ‖ N(0, 1)) per row and dimension, {@code [n, d]}: −½ (1 + log σ_j² − μ_j² − σ_j²);
   * ∂μ_j += g_j μ_j,  ∂log σ_j² += ½ g_j (σ_j² − 1). Its row sums are {@link #klToStandardNormal}.
   */
  public Var klPerDimension() {
    Tape tape = loc.tape();
    int n = rows(), d = dim();
    Tensor out = tape.alloc(n, d);
    float[] mu = loc.value.data, lv = logVar.value.data;
    for (int e = 0; e < n * d; e++) out.data[e] = (float) (-0.5 * (1 + lv[e] - mu[e] * mu[e] - Math.exp(lv[e])));
    return tape.record(out, g -> {
      for (int e = 0; e < n * d; e++) {
        if (loc.requiresGrad) loc.grad().data[e] += g.data[e] * mu[e];
        if (logVar.requiresGrad) logVar.grad().data[e] += 0.5f * g.data[e] * ((float) Math.exp(lv[e]) - 1f);
      }
    }, loc, logVar);
  }

  /** KL(q ‖ N(0, I)) per row, {@code [n, 1]};  ∂μ += g μ,  ∂log σ² += ½ g (σ² − 1). */
  public Var klToStandardNormal() {
    Tape tape = loc.tape();
    int n = rows(), d = dim();
    Tensor out = tape.alloc(n, 1);
    float[] mu = loc.value.data, lv = logVar.value.data;
    klValues(out.data);
    return tape.record(out, g -> {
      for (int i = 0; i < n; i++) {
        float gi = g.data[i];
        for (int j = i * d; j < (i + 1) * d; j++) {
          if (loc.requiresGrad) loc.grad().data[j] += gi * mu[j];
          if (logVar.requiresGrad) logVar.grad().data[j] += 0.5f * gi * ((float) Math.exp(lv[j]) - 1f);
        }
      }
    }, loc, logVar);
  }

  /** log N(z; 0, I) per row, {@code [n, 1]}: −½ Σ_j (log 2π + z_j²);  ∂z += −g z. */
  public static Var standardLogProb(Var z) {
    Tape tape = z.tape();
    int n = z.rows(), d = z.cols();
    Tensor out = tape.alloc(n, 1);
    float[] x = z.value.data;
    Parallel.forRange(n, ROW_WORK * n * d, (i0, i1) -> {
      for (int i = i0; i < i1; i++) {
        double s = 0;
        for (int j = i * d; j < (i + 1) * d; j++) s += LOG_2PI + (double) x[j] * x[j];
        out.data[i] = (float) (-0.5 * s);
      }
    });
    return tape.record(out, g -> {
      float[] gz = z.grad().data;
      Parallel.forRange(n, ROW_WORK * n * d, (i0, i1) -> {
        for (int i = i0; i < i1; i++) for (int j = i * d; j < (i + 1) * d; j++) gz[j] -= g.data[i] * x[j];
      });
    }, z);
  }
}
