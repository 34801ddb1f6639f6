/**
 * Training: AEVB's minibatch loop (Kingma and Welling 2013, Algorithm 1), its configuration,
 * the run folder it writes (config, metrics, checkpoint) and the progress it shows; the
 * crash-safe training checkpoint and exact resume ({@link latent.train.TrainingState},
 * {@link latent.train.CheckpointFiles}), the numerical guards ({@link latent.train.NumericalGuard})
 * and clean stops on SIGINT and SIGTERM ({@link latent.train.Signals}).
 */
package latent.train;
