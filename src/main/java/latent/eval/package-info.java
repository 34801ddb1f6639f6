/** Evaluation of trained models on held-out data: bounds per datapoint, in nats. */
package latent.eval;
