/**
 * First-order optimizers that minimise a loss: SGD with momentum, Adagrad, Adam. Each keeps
 * its per-parameter state, its defaults in one place, and cites its paper.
 */
package latent.optim;
