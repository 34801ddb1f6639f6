/**
 * The variational autoencoder: recognition model q_φ(z|x), generative model p_θ(x|z), the
 * prior p(z) = N(0, I), and the configuration that builds them.
 */
package latent.model;
