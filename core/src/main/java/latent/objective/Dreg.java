package latent.objective;

import java.util.random.RandomGenerator;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.model.Vae;
import latent.tensor.Tensor;

/**
 * Doubly reparameterized gradients for the IWAE bound (Tucker, Lawson, Gu and Maddison 2018,
 * eq. 5): the encoder's gradient of L_k without the score terms whose noise drowns the signal
 * as k grows (Rainforth et al. 2018), still unbiased:
 *
 * <pre>
 *   ∇_φ L_k = E_ε[ Σ_i w̃_i² · ∂log w_i/∂z_i · ∂z_i/∂φ ],   w̃_i = w_i / Σ_j w_j,   z_i = μ_φ + σ_φ ⊙ ε_i
 *   ∇_θ L_k = E_ε[ Σ_i w̃_i ∇_θ log w_i ]                                           (as IWAE)
 * </pre>
 *
 * with log q's own dependence on φ dropped in log w (as in {@link StickingTheLanding}). The
 * log-sum-exp already sends w̃_i back to log w_i; one more factor w̃_i on the path into z_i
 * (applied by {@link latent.autodiff.Surrogates#scaleGradientRows}) gives the encoder its w̃_i²
 * and leaves the decoder's gradient as it was. The value is L_k. One stochastic layer.
 */
final class Dreg implements Surrogate {
  private final Vae vae;
  private final int k;

  Dreg(Vae vae, int k) {
    this.vae = vae;
    this.k = k;
  }

  @Override
  public Var perExample(Tape tape, Tensor x, RandomGenerator rng) {
    int n = x.rows;
    Tensor weights = tape.alloc(n * k, 1);                                                 // w̃_i, filled below
    Var logW = StickingTheLanding.logWeightsStoppedScore(vae, tape, x, k, vae.noise(tape, 1, n * k, rng), weights);
    Var bound = SampleAverages.logMeanExp(logW, n, k);                                     // L_k, [n, 1]
    double logK = Math.log(k);
    for (int r = 0; r < n * k; r++) weights.data[r] = (float) Math.exp(logW.value.data[r] - bound.value.data[r / k] - logK);
    return bound;
  }
}
