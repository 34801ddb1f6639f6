/**
 * Reverse-mode automatic differentiation over {@link latent.tensor.Tensor}s.
 *
 * <p>A {@link latent.autodiff.Tape} records each operation as it runs; {@link
 * latent.autodiff.Tape#backward} walks the records in reverse, each applying its chain rule
 * and accumulating ({@code +=}) into its inputs' gradients. Every op keeps its forward value
 * and its backward rule side by side ({@link latent.autodiff.Ops}, {@link
 * latent.autodiff.Layers}); {@link latent.autodiff.GradCheck} compares each rule with central
 * finite differences.
 */
package latent.autodiff;
