/**
 * Evaluation of trained models on held-out data: bounds per datapoint, in nats
 * ({@link latent.eval.TestElbo}, {@link latent.eval.LogLikelihood}), active units, and per
 * example the posterior ({@link latent.eval.Encodings}) and the L_k anomaly score
 * ({@link latent.eval.AnomalyScores}).
 */
package latent.eval;
