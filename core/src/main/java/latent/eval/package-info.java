/**
 * Evaluation of trained models on held-out data: the importance-sampled bounds and log p(x)
 * ({@link latent.eval.LogLikelihood}), active units, what {@code latent eval} reports
 * ({@link latent.eval.Evaluation}), per example the L_k anomaly score
 * ({@link latent.eval.AnomalyScores}), gradient estimators measured on a model, and the IWAE
 * paper's Table 1 ({@link latent.eval.IwaeTable1}).
 */
package latent.eval;
