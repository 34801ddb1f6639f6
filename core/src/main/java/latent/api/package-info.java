/**
 * The Java API: a variational autoencoder in a few lines, for programs that embed latent.
 *
 * <pre>{@code
 * TrainTest data = Datasets.load(Path.of("digits.npy"), "bytes", 0.2, 1);
 * LatentModel model = LatentModel.builder(data.train().dim()).hidden(64).latent(4).epochs(20).build();
 * model.fit(data.train());
 * double elbo = model.elbo(data.test()), logLikelihood = model.logLikelihood(data.test(), 100);
 * LatentModel.Posterior q = model.encode(data.test());
 * float[][] means = model.decode(q.loc()), samples = model.sample(8);
 * double[] scores = model.score(data.test(), 100);   // per-example L_100, low = anomalous
 * model.save(Path.of("runs/digits"));                // a run folder the command line reads
 * }</pre>
 *
 * {@link latent.api.LatentModel} wraps the model, its training settings and its random
 * streams; {@link latent.api.LatentModelBuilder} chooses the architecture and the training
 * recipe; {@link latent.api.Datasets} turns files and arrays into datasets. Everything beneath
 * ({@link latent.model.Vae}, {@link latent.train.TrainingStep}, {@link latent.eval}) stays
 * available for finer control.
 */
package latent.api;
