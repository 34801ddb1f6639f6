/**
 * The variational autoencoder: recognition model q_φ(z|x), generative model p_θ(x|z), the
 * prior p(z) = N(0, I), and the configuration that builds them; the model's file
 * ({@link latent.model.Weights}) and its maps applied to many rows without gradients
 * (posteriors: {@link latent.model.Encodings}; decoder means and prior draws: {@link latent.model.Vae}).
 */
package latent.model;
