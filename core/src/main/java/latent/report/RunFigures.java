package latent.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import latent.data.Dataset;
import latent.model.Vae;
import latent.random.Xoshiro256;
import latent.train.RunFolder;

/** Every figure of a run, and where they go: {@code RUN/figures/NAME.png}. */
public final class RunFigures {
  public static final String FOLDER = "figures";

  private RunFigures() {}

  /**
   * The learning curves (once an epoch has finished) and, given the model, the samples, the
   * manifold and, given test images, the reconstructions and the latent space. {@code vae} and
   * {@code test} may be null (a run before its first checkpoint; data not at hand).
   */
  public static List<Figure> all(List<RunFolder.Metrics> metrics, Vae vae, Dataset test, FigureSettings s) {
    List<Figure> figures = new ArrayList<>();
    LearningCurves.render(metrics).ifPresent(figures::add);
    if (vae == null) return figures;
    ImageShape shape = ImageShape.of(vae.config.inputSize());
    figures.add(SampleGrid.render(vae, shape, s.sampleSide(), new Xoshiro256(s.seed())));
    boolean haveTest = test != null && test.size() >= Manifold.MIN_TEST_IMAGES;
    if (vae.config.latentSize() <= 2 || haveTest) figures.add(Manifold.render(vae, test, shape, s.manifoldSteps()));
    if (haveTest) {
      figures.add(Reconstructions.render(vae, test, shape, s.reconstructionColumns(), s.reconstructionPairs()));
      figures.add(LatentScatter.render(vae, test, s.scatterPoints()));
    }
    return figures;
  }

  /** The file a figure of run folder {@code dir} is written to. */
  public static Path file(Path dir, Figure f) {
    return dir.resolve(FOLDER).resolve(f.fileName());
  }

  /** Writes each figure as a PNG under {@code dir/figures}; returns the PNGs, in order (the report embeds the same bytes). */
  public static List<byte[]> write(Path dir, List<Figure> figures) {
    List<byte[]> pngs = new java.util.ArrayList<>();
    for (Figure f : figures) {
      byte[] png = Png.encode(f.image());
      Png.write(png, file(dir, f));
      pngs.add(png);
    }
    return pngs;
  }
}
