/**
 * Looking at a run: PNG figures of what the model learned (samples from the prior,
 * reconstructions, the 2-D latent manifold of AEVB's Figure 4, the latent space coloured by
 * class, learning curves as in AEVB's Figure 2) and a self-contained {@code report.html} that
 * embeds them. Image grids are drawn with the JDK's ImageIO, charts with XChart; everything
 * renders headless.
 */
package latent.report;
