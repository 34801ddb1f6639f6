/**
 * Trainable building blocks: {@link latent.nn.Parameter}s, dense layers, MLPs and their
 * initialisations.
 */
package latent.nn;
