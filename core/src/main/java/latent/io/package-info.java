/**
 * Files, at the base of everything: the one safetensors codec ({@link latent.io.SafeTensors}) of
 * model weights, training checkpoints and exports, and writes that readers see whole or not at
 * all ({@link latent.io.AtomicFiles}).
 */
package latent.io;
