/**
 * {@code latent bench}: the machine's GEMM peak and the training step of the reference
 * architectures, measured in one process so the ratios hold on a shared, noisy machine.
 */
package latent.bench;
