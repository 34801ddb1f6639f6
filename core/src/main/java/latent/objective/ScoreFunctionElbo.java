package latent.objective;

import java.util.List;
import java.util.random.RandomGenerator;
import latent.autodiff.Ops;
import latent.autodiff.Surrogates;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Normal;
import latent.model.Vae;
import latent.nn.Parameter;
import latent.tensor.Tensor;

/**
 * The ELBO with the encoder's gradient by the score function (REINFORCE; the likelihood-ratio
 * estimator of Williams 1992, as in NVIL, Mnih and Gregor 2014), L samples z_l ~ q_φ(z|x) per
 * datapoint, drawn without a path back to φ:
 *
 * <pre>
 *   learning signal  ℓ_l = log p_θ(x|z_l)                                    (SGVB form B: −KL analytic)
 *                    ℓ_l = log p_θ(x|z_l) + log p(z_l) − log q_φ(z_l|x)       (form A)
 *   ∇_φ ≈ (1/L) Σ_l (ℓ_l − b_l) ∇_φ log q_φ(z_l|x)  [− ∇_φ KL(q ‖ p) for B]
 *   ∇_θ ≈ (1/L) Σ_l ∇_θ log p_θ(x|z_l)                                       (pathwise: z is given)
 * </pre>
 *
 * built as the surrogate (1/L) Σ_l [log p_θ(x|z_l) + stop(ℓ_l − b_l) · log q_φ(z_l|x)] (− KL,
 * or + log p(z_l) − log q_φ(z_l|x) for form A, whose extra score term has mean zero), with the
 * {@link Baseline} b chosen. The value returned is the same ELBO estimate as the pathwise
 * estimator's. With the learned baseline the surrogate also carries −½ (ℓ − c − b_ψ(x))²,
 * whose gradient fits ψ and reaches nothing else.
 */
final class ScoreFunctionElbo implements Surrogate {
  /** The moving average's decay: c ← DECAY c + (1 − DECAY) mean ℓ. */
  static final double DECAY = 0.9;

  private final Vae vae;
  private final int samples;
  private final SgvbEstimator form;
  private final Baseline baseline;
  private final LearnedBaseline network;
  /** [c before bias correction, DECAY^updates], in float so that a checkpoint holds it exactly. */
  private final Parameter running = new Parameter("estimator.moving_average", 1, 2);

  ScoreFunctionElbo(Vae vae, int samples, SgvbEstimator form, Baseline baseline, RandomGenerator rng) {
    this.vae = vae;
    this.samples = samples;
    this.form = form;
    this.baseline = baseline;
    this.network = baseline == Baseline.LEARNED ? new LearnedBaseline(vae.config.inputSize(), rng) : null;
    running.value.data[1] = 1f;
  }

  @Override
  public Var perExample(Tape tape, Tensor x, RandomGenerator rng) {
    int n = x.rows, l = samples, rows = n * l;
    Normal q = vae.encode(tape, tape.constant(x));
    Normal qL = q.repeatRows(l);
    Var z = qL.detached().rsample(vae.noise(tape, 1, rows, rng));
    Var logPx = vae.decode(tape, z).logProb(x);                                           // log p(x|z_l), θ only, [n·L, 1]
    Var logQ = qL.logProb(z);                                                              // log q(z_l|x), the score's source
    Var logPz = Normal.standardLogProb(z);                                                 // no parameters
    float[] signal = new float[rows];                                                      // ℓ_l
    for (int r = 0; r < rows; r++) {
      signal[r] = form == SgvbEstimator.B ? logPx.value.data[r] : logPx.value.data[r] + logPz.value.data[r] - logQ.value.data[r];
    }

    float[] avg = running.value.data;
    double c = avg[1] == 1f ? 0 : avg[0] / (1 - avg[1]);                                         // bias-corrected moving average
    Var fitted = network == null ? null : network.forward(tape, tape.constant(x));         // b_ψ(x), [n, 1]
    Tensor coefficient = tape.alloc(rows, 1);                                              // stop(ℓ_l − b_l)
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int s = 0; s < l; s++) sum += signal[i * l + s];
      for (int s = 0; s < l; s++) {
        int r = i * l + s;
        double b = switch (baseline) {
          case NONE -> 0;
          case MOVING_AVERAGE -> c;
          case LEARNED -> c + fitted.value.data[i];
          case LEAVE_ONE_OUT -> (sum - signal[r]) / (l - 1);
        };
        coefficient.data[r] = (float) (signal[r] - b);
      }
    }
    double meanSignal = 0;
    for (float v : signal) meanSignal += v;
    if (Double.isFinite(meanSignal)) {   // a batch the guard will skip must not poison the average for good
      avg[0] = (float) (DECAY * avg[0] + (1 - DECAY) * meanSignal / rows);
      avg[1] = (float) (DECAY * avg[1]);
    }

    Var perSample = Ops.add(logPx, Ops.mul(tape.constant(coefficient), logQ));
    if (form == SgvbEstimator.A) perSample = Ops.sub(Ops.add(perSample, logPz), logQ);
    Var surrogate = SampleAverages.mean(perSample, n, l);
    Tensor value = tape.alloc(n, 1);
    if (form == SgvbEstimator.B) {
      Var kl = q.klToStandardNormal();
      surrogate = Ops.sub(surrogate, kl);
      for (int i = 0; i < n; i++) value.data[i] = mean(logPx.value.data, i, l) - kl.value.data[i];
    } else {
      for (int i = 0; i < n; i++) value.data[i] = mean(signal, i, l);
    }
    if (network != null) surrogate = Ops.sub(surrogate, squaredError(tape, fitted, signal, c, n, l));
    return Surrogates.valueWithGradientOf(value, surrogate);
  }

  /** ½ Σ_l (ℓ_l − c − b_ψ(x))² / L per datapoint: the baseline network's loss, {@code [n, 1]}. */
  private static Var squaredError(Tape tape, Var fitted, float[] signal, double c, int n, int l) {
    Tensor target = tape.alloc(n * l, 1);
    for (int r = 0; r < n * l; r++) target.data[r] = (float) (signal[r] - c);
    Var residual = Ops.sub(tape.constant(target), Ops.repeatRows(fitted, l));
    return Ops.scale(SampleAverages.mean(Ops.square(residual), n, l), 0.5f);
  }

  private static float mean(float[] a, int i, int l) {
    double s = 0;
    for (int r = i * l; r < (i + 1) * l; r++) s += a[r];
    return (float) (s / l);
  }

  @Override
  public List<Parameter> parameters() {
    return network == null ? List.of() : network.parameters();
  }

  @Override
  public List<Parameter> runningState() {
    return List.of(running);
  }
}
