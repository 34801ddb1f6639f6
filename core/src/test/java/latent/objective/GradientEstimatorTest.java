package latent.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import latent.InputException;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.model.DecoderType;
import latent.model.ModelConfig;
import latent.model.Vae;
import latent.nn.Init;
import latent.nn.Parameter;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Every gradient estimator against the exact gradient of the expected ELBO on a model where
 * that expectation has a closed form: linear Gaussian encoder and decoder, no hidden layers,
 *
 * <pre>
 *   q(z|x) = N(μ, diag σ²),  μ = x A + a,  log σ² = x C + c;    p(z) = N(0, I)
 *   p(x|z) = N(m, diag s²),  m = z W + b,  log s² = v (one value per pixel)
 *   E_q[log p(x|z)] = −½ Σ_j [ log 2π + v_j + ((x_j − (μW + b)_j)² + Σ_k W_kj² σ_k²) / s_j² ]
 *   ELBO = E_q[log p(x|z)] − KL(q ‖ p),  −KL = ½ Σ_k (1 + log σ_k² − μ_k² − σ_k²)
 * </pre>
 *
 * differentiated by central differences in double precision. Each estimator's mean over
 * many draws must match that gradient in every parameter within 5 of its standard errors
 * (seeded; 5 standard errors over the 60-odd comparisons per estimator leave a chance below
 * 1e-4 of a false failure for an unbiased estimator, while a bias of a score term, a missing
 * KL gradient or a wrong weight shows as tens of standard errors).
 */
class GradientEstimatorTest {
  static final Tensor X = Tensor.of(2, 3, 0.3f, -0.8f, 1.1f, -0.4f, 0.5f, 0.2f);

  static Vae linearGaussian() {
    ModelConfig c = new ModelConfig(3, List.of(), List.of(), 2, Activation.IDENTITY, DecoderType.GAUSSIAN, new Init.Normal(0.4),
        false, ModelConfig.GaussianVariance.PIXEL, ModelConfig.DECODER_LOG_VAR_MIN, ModelConfig.DECODER_LOG_VAR_MAX, List.of(), 0, false);
    Vae vae = new Vae(c, new Xoshiro256(11));
    Xoshiro256 rng = new Xoshiro256(12);
    for (Parameter p : vae.parameters()) for (int i = 0; i < p.size(); i++) p.value.data[i] = (float) (0.4 * rng.nextGaussian());
    return vae;
  }

  /** Σ over the rows of X of the expected ELBO, in closed form (class comment). */
  static double expectedElbo(Vae vae) {
    double total = 0;
    for (double[] row : expectedTerms(vae)) total += row[0] + row[1];
    return total;
  }

  /** q(z|x_i) of the linear encoder by hand, in double: {μ, σ², log σ²} for row i of X (class comment). */
  static double[][] posterior(Vae vae, int i) {
    float[] a = vae.encoder.loc.weight.value.data, aBias = vae.encoder.loc.bias.value.data;
    float[] cW = vae.encoder.logVar.weight.value.data, cBias = vae.encoder.logVar.bias.value.data;
    int d = X.cols, nz = aBias.length;
    double[] mu = new double[nz], var = new double[nz], logVar = new double[nz];
    for (int k = 0; k < nz; k++) {
      double m = aBias[k], lv = cBias[k];
      for (int j = 0; j < d; j++) {
        m += X.data[i * d + j] * a[j * nz + k];
        lv += X.data[i * d + j] * cW[j * nz + k];
      }
      mu[k] = m;
      var[k] = Math.exp(lv);
      logVar[k] = lv;
    }
    return new double[][] {mu, var, logVar};
  }

  /** For each row x_i of X, in closed form (class comment): {E_q[log p(x_i|z)], −KL(q(z|x_i) ‖ p(z))}. */
  static double[][] expectedTerms(Vae vae) {
    float[] w = vae.decoder.out.weight.value.data, b = vae.decoder.out.bias.value.data, v = vae.decoder.pixelLogVar.value.data;
    int d = 3, nz = 2;
    double[][] terms = new double[X.rows][];
    for (int i = 0; i < X.rows; i++) {
      double[][] q = posterior(vae, i);
      double[] mu = q[0], var = q[1];
      double negKl = 0;
      for (int k = 0; k < nz; k++) negKl += 0.5 * (1 + q[2][k] - mu[k] * mu[k] - var[k]);
      double logPx = 0;
      for (int j = 0; j < d; j++) {
        double mean = b[j], spread = 0;
        for (int k = 0; k < nz; k++) {
          mean += mu[k] * w[k * d + j];
          spread += w[k * d + j] * w[k * d + j] * var[k];
        }
        double r = X.data[i * d + j] - mean;
        logPx += -0.5 * (Math.log(2 * Math.PI) + v[j] + (r * r + spread) / Math.exp(v[j]));
      }
      terms[i] = new double[] {logPx, negKl};
    }
    return terms;
  }

  /** ∂(expected ELBO)/∂θ for every parameter element, by central differences in double. */
  static double[] exactGradient(Vae vae) {
    List<Double> g = new ArrayList<>();
    for (Parameter p : vae.parameters()) {
      for (int i = 0; i < p.size(); i++) {
        float keep = p.value.data[i];
        double h = 1e-3;
        p.value.data[i] = (float) (keep + h);
        double hi = expectedElbo(vae);
        p.value.data[i] = (float) (keep - h);
        double lo = expectedElbo(vae);
        p.value.data[i] = keep;
        g.add((hi - lo) / (2 * h));   // the closed form is smooth; error O(h²) ≈ 1e-6
      }
    }
    return g.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Mean and standard error of the estimator's gradient of Σ_i bound(x_i) over {@code draws} draws. */
  static double[][] monteCarlo(Vae vae, Objective objective, int draws, long seed) {
    return monteCarlo(vae, objective.surrogate(vae, new Xoshiro256(seed)), draws, seed);
  }

  /** The same for a surrogate already made (and perhaps trained). */
  static double[][] monteCarlo(Vae vae, Surrogate s, int draws, long seed) {
    List<Parameter> ps = vae.parameters();
    int n = ps.stream().mapToInt(Parameter::size).sum();
    double[] sum = new double[n], sumSq = new double[n];
    Xoshiro256 rng = new Xoshiro256(seed + 1);
    Tape tape = new Tape();
    for (int t = 0; t < draws; t++) {
      vae.zeroGrad();
      for (Parameter p : s.parameters()) p.zeroGrad();
      tape.backward(Ops.sum(s.perExample(tape, X, rng)));
      int e = 0;
      for (Parameter p : ps) {
        for (int i = 0; i < p.size(); i++, e++) {
          double gi = p.grad.data[i];
          sum[e] += gi;
          sumSq[e] += gi * gi;
        }
      }
      tape.reset();
    }
    double[] mean = new double[n], se = new double[n];
    for (int e = 0; e < n; e++) {
      mean[e] = sum[e] / draws;
      se[e] = Math.sqrt(Math.max(0, sumSq[e] / draws - mean[e] * mean[e]) / draws);
    }
    return new double[][] {mean, se};
  }

  static void assertUnbiased(Objective objective, int draws) {
    Vae vae = linearGaussian();
    double[] exact = exactGradient(vae);
    double[][] mc = monteCarlo(vae, objective, draws, 5);
    for (int e = 0; e < exact.length; e++) {
      double tol = 5 * mc[1][e] + 1e-4 * (1 + Math.abs(exact[e]));
      assertEquals(exact[e], mc[0][e], tol, objective + ": gradient element " + e + " (standard error " + mc[1][e] + ")");
    }
  }

  static Objective elbo(int samples, SgvbEstimator form, GradientEstimator g) {
    return new Objective(Objective.Kind.ELBO, samples, form, g);
  }

  @Test
  void pathwiseEstimatorsAAndB() {
    assertUnbiased(elbo(1, SgvbEstimator.A, GradientEstimator.PATHWISE), 20_000);
    assertUnbiased(elbo(1, SgvbEstimator.B, GradientEstimator.PATHWISE), 20_000);
  }

  @Test
  void scoreFunctionWithEachBaseline() {
    for (Baseline b : Baseline.values()) {
      int samples = b == Baseline.LEAVE_ONE_OUT ? 3 : 1;
      assertUnbiased(elbo(samples, SgvbEstimator.B, new GradientEstimator.ScoreFunction(b)), 20_000);
    }
    assertUnbiased(elbo(1, SgvbEstimator.A, new GradientEstimator.ScoreFunction(Baseline.NONE)), 20_000);
  }

  @Test
  void stickingTheLandingAndDregAtOneSample() {
    // with k = 1, L_1 is the ELBO and DReG's w̃ = 1: both are the STL gradient of the ELBO
    assertUnbiased(elbo(1, SgvbEstimator.A, new GradientEstimator.StickingTheLanding()), 20_000);
    assertUnbiased(new Objective(Objective.Kind.IWAE, 1, SgvbEstimator.A, new GradientEstimator.Dreg()), 20_000);
  }

  /**
   * For k = 5, E[L_5] has no closed form, but DReG and the plain IWAE gradient are both
   * unbiased for ∇ E[L_5]: their means must agree within 5 combined standard errors.
   */
  @Test
  void dregAgreesWithTheIwaeGradientAtFiveSamples() {
    Vae vae = linearGaussian();
    double[][] iwae = monteCarlo(vae, Objective.iwae(5), 20_000, 7);
    double[][] dreg = monteCarlo(vae, new Objective(Objective.Kind.IWAE, 5, SgvbEstimator.B, new GradientEstimator.Dreg()), 20_000, 8);
    for (int e = 0; e < iwae[0].length; e++) {
      double tol = 5 * Math.hypot(iwae[1][e], dreg[1][e]) + 1e-4;
      assertEquals(iwae[0][e], dreg[0][e], tol, "element " + e);
    }
  }

  /**
   * NVIL's learned baseline once it is fitted: ψ trained by Adam (1e-2, 6000 steps on X, nothing
   * else updated) on the surrogate's own squared-error term. Then c + b_ψ(x_i) is within 0.25 nats
   * of E_q[ℓ | x_i] for both rows (measured: 0.04 and 0.09; the two rows' means differ by 2.8
   * nats, so a baseline blind to x, or one that uses the other row's output, is off by 1.4 or more
   * on some row); the estimator stays unbiased (5 standard errors, as above); and the encoder
   * gradient's variance is below 0.9 of the moving average's (measured 0.84), which cannot tell
   * the rows apart. Both variances come from the same 20,000 draws of z, so their ratio is
   * steady (a baseline of the wrong sign gives 1.27). Before that, one draw is checked against
   * its hand-derived value ({@link #assertOneDrawIsHandDerived}), which catches a baseline taken
   * from the wrong row: row 0 dominates the variance here, so the ratio alone would not.
   */
  @Test
  void learnedBaselineIsFittedAndLowersTheVariance() {
    Vae vae = linearGaussian();
    Surrogate s = elbo(1, SgvbEstimator.B, new GradientEstimator.ScoreFunction(Baseline.LEARNED)).surrogate(vae, new Xoshiro256(21));
    latent.optim.Optimizer adam = new latent.optim.Adam(1e-2f);
    Xoshiro256 rng = new Xoshiro256(22);
    Tape tape = new Tape();
    for (int step = 0; step < 6000; step++) {
      for (Parameter p : s.parameters()) p.zeroGrad();
      tape.backward(Ops.sum(s.perExample(tape, X, rng)), -1f);   // ascend the surrogate: its −½(ℓ − c − b_ψ)² fits ψ
      adam.step(s.parameters());
      tape.reset();
    }
    float[] running = s.runningState().getFirst().value.data;
    double c = running[0] / (1 - running[1]);                       // the moving average, bias-corrected
    LearnedBaseline network = new LearnedBaseline(X.cols, new Xoshiro256(0));
    for (int i = 0; i < network.parameters().size(); i++) {
      System.arraycopy(s.parameters().get(i).value.data, 0, network.parameters().get(i).value.data, 0, s.parameters().get(i).size());
    }
    float[] fitted = network.forward(tape, tape.constant(X)).value.data;
    double[][] terms = expectedTerms(vae);
    for (int i = 0; i < X.rows; i++) assertEquals(terms[i][0], c + fitted[i], 0.25, "row " + i + ": c + b_ψ(x) against E[ℓ|x]");

    assertOneDrawIsHandDerived(vae, s, network);

    double[] exact = exactGradient(vae);
    double[][] learned = monteCarlo(vae, s, 20_000, 23);
    for (int e = 0; e < exact.length; e++) {
      assertEquals(exact[e], learned[0][e], 5 * learned[1][e] + 1e-4 * (1 + Math.abs(exact[e])), "gradient element " + e);
    }
    double[][] average = monteCarlo(vae, elbo(1, SgvbEstimator.B, new GradientEstimator.ScoreFunction(Baseline.MOVING_AVERAGE)), 20_000, 23);
    int encoder = vae.encoder.parameters().stream().mapToInt(Parameter::size).sum();
    double ratio = totalVariance(learned, encoder) / totalVariance(average, encoder);
    assertTrue(ratio < 0.9, "encoder gradient variance, learned over moving average: " + ratio);
  }

  /**
   * One draw of the score-function gradient with the learned baseline against its formula,
   * written out by hand in double precision from the same noise ε (form B, L = 1):
   *
   * <pre>
   *   z_i = μ_i + σ_i ε_i,   ℓ_i = log p(x_i|z_i),   coefficient_i = ℓ_i − c − b_ψ(x_i)
   *   ∂/∂μ_ik    = coefficient_i (z_ik − μ_ik) / σ²_ik − μ_ik
   *   ∂/∂logσ²_ik = coefficient_i (½ (z_ik − μ_ik)² / σ²_ik − ½) − ½ (σ²_ik − 1)
   * </pre>
   *
   * and, through μ = xA + a and log σ² = xC + c', the encoder's weights and biases: the biases
   * sum these over the rows, the weights weigh them by x_ij. A baseline of the wrong sign, or of
   * another row, is off by the baseline's size; float rounding by about 1e-5.
   */
  static void assertOneDrawIsHandDerived(Vae vae, Surrogate s, LearnedBaseline network) {
    float[] running = s.runningState().getFirst().value.data;
    double c = running[0] / (1 - running[1]);                       // the average before this draw updates it
    Tape tape = new Tape();
    float[] b = network.forward(tape, tape.constant(X)).value.data;
    vae.zeroGrad();
    for (Parameter p : s.parameters()) p.zeroGrad();
    tape.backward(Ops.sum(s.perExample(tape, X, new Xoshiro256(31))));
    Xoshiro256 noise = new Xoshiro256(31);                            // the surrogate's first draws: ε, row by row
    float[] w = vae.decoder.out.weight.value.data, bOut = vae.decoder.out.bias.value.data, v = vae.decoder.pixelLogVar.value.data;
    int d = 3, nz = 2;
    double[] gA = new double[d * nz], gABias = new double[nz], gC = new double[d * nz], gCBias = new double[nz];
    for (int i = 0; i < X.rows; i++) {
      double[][] q = posterior(vae, i);
      double[] mu = q[0], var = q[1], z = new double[nz];
      for (int k = 0; k < nz; k++) z[k] = mu[k] + Math.sqrt(var[k]) * (float) noise.nextGaussian();
      double logPx = 0;
      for (int j = 0; j < d; j++) {
        double mean = bOut[j];
        for (int k = 0; k < nz; k++) mean += z[k] * w[k * d + j];
        double r = X.data[i * d + j] - mean;
        logPx += -0.5 * (Math.log(2 * Math.PI) + v[j] + r * r / Math.exp(v[j]));
      }
      double coefficient = logPx - c - b[i];
      for (int k = 0; k < nz; k++) {
        double dMu = coefficient * (z[k] - mu[k]) / var[k] - mu[k];
        double dLogVar = coefficient * (0.5 * (z[k] - mu[k]) * (z[k] - mu[k]) / var[k] - 0.5) - 0.5 * (var[k] - 1);
        gABias[k] += dMu;
        gCBias[k] += dLogVar;
        for (int j = 0; j < d; j++) {
          gA[j * nz + k] += X.data[i * d + j] * dMu;
          gC[j * nz + k] += X.data[i * d + j] * dLogVar;
        }
      }
    }
    assertClose(gA, vae.encoder.loc.weight.grad.data, "encoder.loc.weight");
    assertClose(gABias, vae.encoder.loc.bias.grad.data, "encoder.loc.bias");
    assertClose(gC, vae.encoder.logVar.weight.grad.data, "encoder.logvar.weight");
    assertClose(gCBias, vae.encoder.logVar.bias.grad.data, "encoder.logvar.bias");
  }

  private static void assertClose(double[] want, float[] got, String name) {
    for (int e = 0; e < want.length; e++) assertEquals(want[e], got[e], 1e-4 * (1 + Math.abs(want[e])), name + " element " + e);
  }

  /** Wake-sleep's decoder follows E_q[∇_θ log p(x|z)], which is the ELBO's decoder gradient. */
  @Test
  void wakeSleepDecoderGradientIsTheElbos() {
    Vae vae = linearGaussian();
    double[] exact = exactGradient(vae);
    double[][] mc = monteCarlo(vae, elbo(1, SgvbEstimator.B, new GradientEstimator.WakeSleep()), 20_000, 9);
    int encoderSize = vae.encoder.parameters().stream().mapToInt(Parameter::size).sum();
    for (int e = encoderSize; e < exact.length; e++) {
      assertEquals(exact[e], mc[0][e], 5 * mc[1][e] + 1e-4 * (1 + Math.abs(exact[e])), "decoder element " + e);
    }
  }

  /**
   * Wake-sleep's encoder follows the sleep phase alone, E_{z'~p(z), x'~p(x|z')}[∇_φ log q_φ(z'|x')]
   * for each of the n dreams, here in closed form. With u = (z', x') jointly Gaussian (mean
   * m = (0, b), covariance Σ = [[I, W], [Wᵀ, WᵀW + diag s²]]), dimension k's residual
   * r = z'_k − μ_k(x') = αᵀu − a_k and log σ²_k = λᵀu + c_k are linear in u, and exponential
   * tilting gives E[e^{−λᵀu} h(u)] = e^{−λᵀm + ½ λᵀΣλ} E_{N(m − Σλ, Σ)}[h(u)], so with
   * T = e^{−c_k − λᵀm + ½ λᵀΣλ} and r's tilted mean ρ, variance V and covariance κ_j with x'_j:
   *
   * <pre>
   *   ∂/∂a_k  = T ρ                        ∂/∂A_jk = T (κ_j + m̃_j ρ)
   *   ∂/∂c_k  = −½ + ½ T (V + ρ²)          ∂/∂C_jk = −½ b_j + ½ T (m̃_j (V + ρ²) + 2 κ_j ρ)
   * </pre>
   *
   * (m̃_j the tilted mean of x'_j). The Monte Carlo mean must match within 5 standard errors;
   * without the sleep term the encoder's gradient would be zero.
   */
  @Test
  void wakeSleepEncoderGradientIsTheSleepPhases() {
    Vae vae = linearGaussian();
    float[] a = vae.encoder.loc.weight.value.data, aBias = vae.encoder.loc.bias.value.data;
    float[] cW = vae.encoder.logVar.weight.value.data, cBias = vae.encoder.logVar.bias.value.data;
    float[] w = vae.decoder.out.weight.value.data, b = vae.decoder.out.bias.value.data, v = vae.decoder.pixelLogVar.value.data;
    int d = 3, nz = 2, u = nz + d;
    double[] m = new double[u];
    double[][] cov = new double[u][u];
    for (int k = 0; k < nz; k++) cov[k][k] = 1;
    for (int j = 0; j < d; j++) {
      m[nz + j] = b[j];
      for (int k = 0; k < nz; k++) cov[k][nz + j] = cov[nz + j][k] = w[k * d + j];
      for (int j2 = 0; j2 < d; j2++) {
        for (int k = 0; k < nz; k++) cov[nz + j][nz + j2] += w[k * d + j] * w[k * d + j2];
      }
      cov[nz + j][nz + j] += Math.exp(v[j]);
    }
    double[] gA = new double[d * nz], gABias = new double[nz], gC = new double[d * nz], gCBias = new double[nz];
    for (int k = 0; k < nz; k++) {
      double[] lambda = new double[u], alpha = new double[u];
      alpha[k] = 1;
      for (int j = 0; j < d; j++) {
        lambda[nz + j] = cW[j * nz + k];
        alpha[nz + j] = -a[j * nz + k];
      }
      double[] covLambda = times(cov, lambda), covAlpha = times(cov, alpha), tilted = new double[u];
      for (int i = 0; i < u; i++) tilted[i] = m[i] - covLambda[i];
      double t = Math.exp(-cBias[k] - dot(lambda, m) + 0.5 * dot(lambda, covLambda));
      double rho = dot(alpha, tilted) - aBias[k], var = dot(alpha, covAlpha);
      int dreams = X.rows;
      gABias[k] = dreams * t * rho;
      gCBias[k] = dreams * (-0.5 + 0.5 * t * (var + rho * rho));
      for (int j = 0; j < d; j++) {
        double kappa = covAlpha[nz + j], mj = tilted[nz + j];
        gA[j * nz + k] = dreams * t * (kappa + mj * rho);
        gC[j * nz + k] = dreams * (-0.5 * b[j] + 0.5 * t * (mj * (var + rho * rho) + 2 * kappa * rho));
      }
    }
    double[][] mc = monteCarlo(vae, elbo(1, SgvbEstimator.B, new GradientEstimator.WakeSleep()), 20_000, 10);
    double[] exact = new double[2 * (d * nz + nz)];
    System.arraycopy(gA, 0, exact, 0, d * nz);                 // the encoder's parameters in order: loc (weight, bias), logvar (weight, bias)
    System.arraycopy(gABias, 0, exact, d * nz, nz);
    System.arraycopy(gC, 0, exact, d * nz + nz, d * nz);
    System.arraycopy(gCBias, 0, exact, 2 * d * nz + nz, nz);
    for (int e = 0; e < exact.length; e++) {
      assertEquals(exact[e], mc[0][e], 5 * mc[1][e] + 1e-4 * (1 + Math.abs(exact[e])), "encoder element " + e);
    }
  }

  private static double[] times(double[][] m, double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) y[i] = dot(m[i], x);
    return y;
  }

  private static double dot(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) s += x[i] * y[i];
    return s;
  }

  @Test
  void scoreFunctionVarianceFallsWithABaseline() {
    Vae vae = linearGaussian();
    double none = totalVariance(monteCarlo(vae, elbo(3, SgvbEstimator.B, new GradientEstimator.ScoreFunction(Baseline.NONE)), 4000, 3));
    double loo = totalVariance(monteCarlo(vae, elbo(3, SgvbEstimator.B, new GradientEstimator.ScoreFunction(Baseline.LEAVE_ONE_OUT)), 4000, 3));
    double pathwise = totalVariance(monteCarlo(vae, elbo(3, SgvbEstimator.B, GradientEstimator.PATHWISE), 4000, 3));
    assertTrue(loo < none && pathwise < loo, "variance: none " + none + ", leave-one-out " + loo + ", pathwise " + pathwise);
  }

  private static double totalVariance(double[][] mc) {
    return totalVariance(mc, mc[1].length);
  }

  /** Σ of the squared standard errors of the first {@code elements} gradient elements. */
  private static double totalVariance(double[][] mc, int elements) {
    double s = 0;
    for (int e = 0; e < elements; e++) s += mc[1][e] * mc[1][e];
    return s;
  }

  @Test
  void combinationsThatDoNotExistAreRefused() {
    Vae vae = linearGaussian();
    assertThrows(InputException.class, () -> Objective.elbo(1).withGradient(new GradientEstimator.Dreg()).surrogate(vae, new Xoshiro256(1)));
    assertThrows(InputException.class,
        () -> elbo(1, SgvbEstimator.B, new GradientEstimator.ScoreFunction(Baseline.LEAVE_ONE_OUT)).surrogate(vae, new Xoshiro256(1)));
    assertThrows(InputException.class, () -> Objective.iwae(5).withGradient(new GradientEstimator.WakeSleep()).surrogate(vae, new Xoshiro256(1)));
    // STL's ELBO is the sampled form A: asking for form B is refused, not silently given A
    assertThrows(InputException.class, () -> Objective.elbo(1).withGradient(new GradientEstimator.StickingTheLanding()).surrogate(vae, new Xoshiro256(1)));
    assertEquals(new GradientEstimator.ScoreFunction(Baseline.LEARNED), GradientEstimator.parse("score-function/learned"));
    assertEquals("score-function/leave-one-out", new GradientEstimator.ScoreFunction(Baseline.LEAVE_ONE_OUT).flag());
    assertThrows(InputException.class, () -> GradientEstimator.parse("magic"));
  }
}
