package latent.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import latent.autodiff.Ops;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.data.Dataset;
import latent.model.Vae;
import latent.nn.Parameter;
import latent.objective.Baseline;
import latent.objective.GradientEstimator;
import latent.objective.Objective;
import latent.objective.SgvbEstimator;
import latent.objective.Surrogate;
import latent.optim.Adam;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;

/**
 * How noisy each gradient estimator is on a trained model. For every image x and setting (an
 * objective with its estimator), {@code draws} independent gradients of the bound at x alone
 * give, for each parameter element e, a mean ḡ_e and variance s_e² (Welford), summarised per
 * parameter group G (encoder φ, decoder θ) as
 *
 * <pre>
 *   variance   V_G(x) = Σ_{e∈G} s_e²                  (the trace of the gradient's covariance)
 *   SNR        SNR_G(x) = mean_{e∈G} |ḡ_e| / s_e      (Rainforth et al. 2018, per element, averaged)
 * </pre>
 *
 * and over images by the median of V_G and of the ratio V_G / V_G(pathwise, same number of
 * samples), and the mean of SNR_G. Estimators with a baseline are first warmed up for
 * {@value #WARM_UP_STEPS} steps on the warm-up images (the moving average settles, the NVIL
 * network is fitted with Adam 1e-3 while the model stays fixed).
 */
public final class GradientStatistics {
  static final int WARM_UP_STEPS = 500;
  static final int WARM_UP_BATCH = 20;

  private GradientStatistics() {}

  /** Medians and means over the images of one setting and one parameter group. */
  public record Row(Objective objective, String group, double medianVariance, double medianRatioToPathwise, double meanSnr) {}

  /** The per-image numbers of one setting. */
  private record PerImage(double[] encoderVariance, double[] decoderVariance, double[] encoderSnr, double[] decoderSnr) {}

  /**
   * Measures every setting on every image of {@code images}.
   *
   * @param warmUp images to warm up baselines on (training images)
   * @param done   called with the number of (setting, image) pairs finished
   */
  public static List<Row> measure(Vae vae, Dataset images, Dataset warmUp, List<Objective> settings, int draws, long seed,
                                  IntConsumer done) {
    // the groups split the parameters into the encoder's and the rest: one stochastic layer only
    if (vae.config.twoStochasticLayers()) throw new latent.InputException("estimators measure needs a model with one stochastic layer");
    List<PerImage> per = new ArrayList<>();
    int finished = 0;
    for (Objective o : settings) {
      Surrogate s = o.surrogate(vae, new Xoshiro256(seed));
      // only baselines that learn from past minibatches need warming up; none and leave-one-out have no state
      if (o.gradient() instanceof GradientEstimator.ScoreFunction sf && (sf.baseline() == Baseline.MOVING_AVERAGE || sf.baseline() == Baseline.LEARNED)) {
        warmUp(vae, s, warmUp, new Xoshiro256(seed + 1));
      }
      int n = images.size();
      PerImage p = new PerImage(new double[n], new double[n], new double[n], new double[n]);
      for (int j = 0; j < n; j++) {
        measureImage(vae, s, images.row(j), draws, new Xoshiro256(seed * 31 + j), p, j);
        done.accept(++finished);
      }
      per.add(p);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < settings.size(); i++) {
      Objective o = settings.get(i);
      PerImage p = per.get(i), ref = null;
      for (int r = 0; r < settings.size(); r++) {
        Objective c = settings.get(r);
        if (c.gradient() instanceof GradientEstimator.Pathwise && c.kind() == o.kind() && c.samples() == o.samples()
            && (c.kind() == Objective.Kind.IWAE || c.estimator() == o.estimator())) {
          ref = per.get(r);
        }
      }
      rows.add(row(o, "encoder", p.encoderVariance, ref == null ? null : ref.encoderVariance, p.encoderSnr));
      rows.add(row(o, "decoder", p.decoderVariance, ref == null ? null : ref.decoderVariance, p.decoderSnr));
    }
    return rows;
  }

  private static Row row(Objective o, String group, double[] variance, double[] reference, double[] snr) {
    double ratio = Double.NaN;
    if (reference != null) {
      double[] r = new double[variance.length];
      for (int j = 0; j < r.length; j++) r[j] = variance[j] / reference[j];
      ratio = median(r);
    }
    return new Row(o, group, median(variance), ratio, Arrays.stream(snr).average().orElse(Double.NaN));
  }

  static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }

  private static void warmUp(Vae vae, Surrogate s, Dataset data, Xoshiro256 rng) {
    Adam adam = new Adam(1e-3f);
    Tape tape = new Tape();
    for (int step = 0; step < WARM_UP_STEPS; step++) {
      int[] idx = new int[WARM_UP_BATCH];
      for (int i = 0; i < idx.length; i++) idx[i] = rng.nextInt(data.size());
      Tensor x = data.select("warm-up", idx).x();
      Var bound = s.perExample(tape, x, rng);   // a moving average learns here, in the forward pass
      if (!s.parameters().isEmpty()) {          // a learned baseline needs its gradient and a step
        vae.zeroGrad();
        for (Parameter p : s.parameters()) p.zeroGrad();
        tape.backward(Ops.sum(bound), -1f / x.rows);
        adam.step(s.parameters());
      }
      tape.reset();
    }
    vae.zeroGrad();
  }

  private static void measureImage(Vae vae, Surrogate s, Tensor x, int draws, Xoshiro256 rng, PerImage out, int j) {
    List<Parameter> enc = vae.encoder.parameters();
    List<Parameter> all = vae.parameters();
    int nEnc = enc.stream().mapToInt(Parameter::size).sum();
    int nAll = all.stream().mapToInt(Parameter::size).sum();
    double[] mean = new double[nAll], m2 = new double[nAll];
    Tape tape = new Tape();
    // the baseline as warmed up, the same for every draw: left running, a moving average would
    // follow this one image's own signal within a few draws and act as a per-image oracle
    List<float[]> frozen = s.runningState().stream().map(p -> p.value.data.clone()).toList();
    for (int t = 1; t <= draws; t++) {
      for (int i = 0; i < frozen.size(); i++) System.arraycopy(frozen.get(i), 0, s.runningState().get(i).value.data, 0, frozen.get(i).length);
      vae.zeroGrad();
      for (Parameter p : s.parameters()) p.zeroGrad();
      tape.backward(Ops.sum(s.perExample(tape, x, rng)));
      int e = 0;
      for (Parameter p : all) {
        float[] g = p.grad.data;
        for (int i = 0; i < g.length; i++, e++) {
          double delta = g[i] - mean[e];
          mean[e] += delta / t;
          m2[e] += delta * (g[i] - mean[e]);
        }
      }
      tape.reset();
    }
    out.encoderVariance[j] = sumVariance(m2, 0, nEnc, draws);
    out.decoderVariance[j] = sumVariance(m2, nEnc, nAll, draws);
    out.encoderSnr[j] = meanSnr(mean, m2, 0, nEnc, draws);
    out.decoderSnr[j] = meanSnr(mean, m2, nEnc, nAll, draws);
  }

  private static double sumVariance(double[] m2, int from, int to, int draws) {
    double s = 0;
    for (int e = from; e < to; e++) s += m2[e] / (draws - 1);
    return s;
  }

  private static double meanSnr(double[] mean, double[] m2, int from, int to, int draws) {
    double s = 0;
    int count = 0;
    for (int e = from; e < to; e++) {
      double sd = Math.sqrt(m2[e] / (draws - 1));
      if (sd > 0) {
        s += Math.abs(mean[e]) / sd;
        count++;
      }
    }
    return count == 0 ? Double.NaN : s / count;
  }

  /**
   * The settings {@code latent estimators measure} compares: the ELBO with L samples under every
   * estimator (SGVB form B; STL and its pathwise reference in form A, whose log q it changes),
   * then L_k with the IWAE and DReG gradients for each k.
   */
  public static List<Objective> settings(int samples, List<Integer> ks) {
    List<Objective> s = new ArrayList<>();
    s.add(new Objective(Objective.Kind.ELBO, samples, SgvbEstimator.B, GradientEstimator.PATHWISE));
    for (Baseline b : Baseline.values()) s.add(new Objective(Objective.Kind.ELBO, samples, SgvbEstimator.B, new GradientEstimator.ScoreFunction(b)));
    s.add(new Objective(Objective.Kind.ELBO, samples, SgvbEstimator.A, GradientEstimator.PATHWISE));   // STL's reference
    s.add(new Objective(Objective.Kind.ELBO, samples, SgvbEstimator.A, new GradientEstimator.StickingTheLanding()));
    for (int k : ks) {
      s.add(new Objective(Objective.Kind.IWAE, k, SgvbEstimator.B, GradientEstimator.PATHWISE));
      s.add(new Objective(Objective.Kind.IWAE, k, SgvbEstimator.B, new GradientEstimator.Dreg()));
    }
    return s;
  }
}
