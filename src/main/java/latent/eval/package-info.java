/**
 * Evaluation of trained models on held-out data: bounds per datapoint, in nats
 * ({@link latent.objective.TestElbo}, {@link latent.eval.LogLikelihood}), active units, and per
 * example the posterior ({@link latent.model.Encodings}) and the L_k anomaly score
 * ({@link latent.eval.AnomalyScores}).
 */
package latent.eval;
