/**
 * Variational bounds on log p(x) and their Monte Carlo estimators. Every bound is returned per
 * datapoint in nats, higher is better; a training loss is its negative mean. The test ELBO of a
 * whole dataset ({@link latent.objective.TestElbo}) is the same bound, averaged.
 */
package latent.objective;
