/**
 * The distributions of a VAE, with PyTorch's names: {@code rsample} (reparameterized, gradients
 * flow to the parameters), {@code sample} (no gradient), {@code logProb} (summed over the
 * event's dimensions, one value per row), {@code entropy}, and the analytic KL to the prior.
 * Densities are fused tape ops: one pass forward, one pass backward.
 */
package latent.distributions;
