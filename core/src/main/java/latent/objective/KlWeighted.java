package latent.objective;

import java.util.random.RandomGenerator;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Normal;
import latent.model.Vae;
import latent.tensor.Tensor;

/**
 * The ELBO (estimator B, pathwise gradient) trained with a {@link KlRecipe}: the gradient is
 * that of the recipe's objective, written per datapoint so that its mean over the minibatch is
 * L_β,λ,
 *
 * <pre>
 *   o_i = (1/L) Σ_l log p(x_i|z_il) − β_t Σ_j c_ij,   c_ij = KL_ij if KL̄_j > λ (or λ = 0), else λ
 *   ∂o_i/∂KL_ij = −β_t for the dimensions above the floor, 0 for those below it
 * </pre>
 *
 * with KL̄_j = (1/M) Σ_i KL_ij the minibatch's KL in dimension j. The value {@link #perExample}
 * returns is the true ELBO (β = 1, no floor), so the bound a run reports is the bound;
 * {@link #objectiveSum} is Σ_i o_i of the last minibatch. The noise is drawn as {@link Elbo}
 * draws it, so β = 1 without a floor gives its gradient.
 */
final class KlWeighted implements Surrogate {
  private final Vae vae;
  private final int samples;
  private final KlRecipe kl;
  private long images;
  private double objectiveSum = Double.NaN;

  KlWeighted(Vae vae, int samples, KlRecipe kl) {
    this.vae = vae;
    this.samples = samples;
    this.kl = kl;
  }

  @Override
  public void imagesSeen(long images) {
    this.images = images;
  }

  @Override
  public double objectiveSum() {
    return objectiveSum;
  }

  /** The recipe's objective o_i and the reconstruction term it came from, both {@code [n, 1]}. */
  record Terms(Var objective, Var reconstruction) {}

  @Override
  public Var perExample(Tape tape, Tensor x, RandomGenerator rng) {
    Normal q = vae.encode(tape, tape.constant(x));
    Terms t = terms(tape, x, q, rng);
    float[] o = t.objective().value.data, recon = t.reconstruction().value.data;
    double sum = 0;
    for (float v : o) sum += v;
    objectiveSum = sum;
    Tensor elbo = tape.alloc(x.rows, 1);                       // recon_i − KL_i, as Elbo computes it
    q.klValues(elbo.data);
    for (int i = 0; i < x.rows; i++) elbo.data[i] = recon[i] - elbo.data[i];
    return tape.record(elbo, g -> {                            // the value is the ELBO, the gradient o's
      float[] go = t.objective().grad().data;
      for (int i = 0; i < go.length; i++) go[i] += g.data[i];
    }, t.objective());
  }

  /** o_i and the reconstruction term for each row of x, whose gradient is the recipe's (see the class comment). */
  Terms terms(Tape tape, Tensor x, Normal q, RandomGenerator rng) {
    int n = x.rows, d = vae.config.latentSize();
    Var reconstruction = Elbo.reconstruction(vae, tape, x, q, samples, rng);               // (1/L) Σ_l log p(x|z_l)
    float[] recon = reconstruction.value.data;
    Var klDims = q.klPerDimension();                                                        // KL_ij, [n, d]
    float beta = (float) kl.weightAt(images), floor = (float) kl.freeBits();
    boolean[] above = new boolean[d];
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (int i = 0; i < n; i++) mean += klDims.value.data[i * d + j];
      above[j] = floor == 0 || mean / n > floor;
    }
    Tensor out = tape.alloc(n, 1);
    for (int i = 0; i < n; i++) {
      double c = 0;
      for (int j = 0; j < d; j++) c += above[j] ? klDims.value.data[i * d + j] : floor;
      out.data[i] = (float) (recon[i] - beta * c);
    }
    Var objective = tape.record(out, g -> {
      for (int i = 0; i < n; i++) {
        if (reconstruction.requiresGrad) reconstruction.grad().data[i] += g.data[i];
        if (!klDims.requiresGrad) continue;
        for (int j = 0; j < d; j++) if (above[j]) klDims.grad().data[i * d + j] -= beta * g.data[i];
      }
    }, reconstruction, klDims);
    return new Terms(objective, reconstruction);
  }
}
