/**
 * Training: AEVB's minibatch loop (Kingma and Welling 2013, Algorithm 1), its configuration,
 * the run folder it writes (config, metrics, checkpoint) and the progress it shows.
 */
package latent.train;
