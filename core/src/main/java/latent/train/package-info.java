/**
 * Training: a run's settings ({@link latent.train.RunConfig}, a tree of small records) and the
 * presets that give every default ({@link latent.train.Preset}); AEVB's minibatch loop (Kingma
 * and Welling 2013, Algorithm 1: {@link latent.train.Training}), the run folder it writes
 * (config, metrics, checkpoint; {@link latent.train.Trainer}) and the progress it shows; the
 * crash-safe training checkpoint and exact resume ({@link latent.train.TrainingState},
 * {@link latent.train.CheckpointFiles}), the numerical guards ({@link latent.train.NumericalGuard})
 * and clean stops on SIGINT and SIGTERM ({@link latent.train.Signals}).
 *
 * <p>Model files for other tools: {@link latent.train.ModelFiles} exports a run as
 * safetensors in PyTorch's layout ({@link latent.train.PyTorchLayout}, read and written by
 * {@link latent.io.SafeTensors}) beside a JSON config, and imports such a folder as a run.
 */
package latent.train;
