package latent.report;

/**
 * The sizes of a run's figures, in one place (the report and the figure commands share them);
 * the commands check the sizes given as flags.
 *
 * @param sampleSide           samples from the prior: a side × side grid
 * @param manifoldSteps        the manifold: steps × steps points (AEVB's Figure 4 shows 20 × 20)
 * @param reconstructionColumns reconstructions: test images per row
 * @param reconstructionPairs  reconstructions: rows of test images, each with its row of reconstructions
 * @param scatterPoints        latent space: test images encoded (the first ones of the test set)
 * @param seed                 seeds the draws from the prior
 */
public record FigureSettings(int sampleSide, int manifoldSteps, int reconstructionColumns, int reconstructionPairs, int scatterPoints,
                             long seed) {
  public static final FigureSettings DEFAULTS = new FigureSettings(10, 20, 10, 4, 5000, 0);
}
