package latent.objective;

import java.util.random.RandomGenerator;
import latent.autodiff.Ops;
import latent.autodiff.Surrogates;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.distributions.Normal;
import latent.model.Vae;
import latent.tensor.Tensor;

/**
 * The wake-sleep algorithm (Hinton, Dayan, Frey and Neal 1995), the learning rule AEVB was
 * compared with in its Figure 2, for the same encoder and decoder:
 *
 * <pre>
 *   wake:  z ~ q_φ(z|x) (no path back to φ);        θ ← θ + η ∇_θ log p_θ(x, z)
 *   sleep: z' ~ p(z), x' ~ p_θ(x|z') (a "dream");   φ ← φ + η ∇_φ log q_φ(z'|x')
 * </pre>
 *
 * one dream per datapoint. The sleep phase fits q to the model's own posterior in the
 * KL(p ‖ q) direction instead of the bound's KL(q ‖ p), so wake-sleep follows no single
 * objective. The value reported is the ELBO of the wake samples (SGVB form B), so runs
 * compare on the same scale.
 */
final class WakeSleep implements Surrogate {
  private final Vae vae;

  WakeSleep(Vae vae) {
    this.vae = vae;
  }

  @Override
  public Var perExample(Tape tape, Tensor x, RandomGenerator rng) {
    int n = x.rows, nz = vae.config.latentSize();
    Normal q = vae.encode(tape, tape.constant(x));
    Var z = q.detached().rsample(vae.noise(tape, 1, n, rng));
    Var logPx = vae.decode(tape, z).logProb(x);                                            // wake: ∇_θ log p(x|z)
    Var kl = q.klToStandardNormal();
    Tensor value = tape.alloc(n, 1);
    for (int i = 0; i < n; i++) value.data[i] = logPx.value.data[i] - kl.value.data[i];

    Tensor dreamZ = Normal.standardNoise(tape, n, nz, rng);                                 // z' ~ p(z)
    Tensor dreamX = vae.decode(tape, tape.constant(dreamZ)).sample(rng);                  // x' ~ p(x|z')
    Var logQ = vae.encode(tape, tape.constant(dreamX)).logProb(tape.constant(dreamZ));    // sleep: ∇_φ log q(z'|x')
    return Surrogates.valueWithGradientOf(value, Ops.add(logPx, logQ));
  }
}
