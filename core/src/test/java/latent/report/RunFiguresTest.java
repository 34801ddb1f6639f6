package latent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import latent.model.DecoderType;
import latent.model.Vae;
import latent.random.Xoshiro256;
import latent.train.RunFolder;
import latent.train.Trainer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every figure of a run, for the three kinds of run the report must handle: a Bernoulli decoder
 * with a 2-D latent space (the manifold straight from Φ⁻¹), one with 20 latent dimensions (the
 * manifold and the scatter through PCA), and a Gaussian decoder on real values. Each PNG is
 * checked for its size and for showing something: image grids by the luminance variance
 * inside their tiles (a flat grid scores 0), charts by the number of
 * pixels in saturated colours (an empty plot, all greys, has none).
 */
class RunFiguresTest {
  /**
   * Luminance variance (0..255 scale) above which a grid is not blank: a standard deviation of
   * 22 grey levels. These runs measure 3,200 to 9,600; a grid of flat tiles scores 0.
   */
  static final double MIN_TILE_VARIANCE = 500;
  /**
   * Saturated pixels above which a chart shows data. These runs measure about 3,150 (curves)
   * and 960 to 1,220 (120 translucent markers); an empty plot, all greys, has none, and the
   * legend's few markers stay under 100.
   */
  static final int MIN_SERIES_PIXELS = 300;

  @TempDir Path tmp;

  static Stream<Arguments> runs() {
    return Stream.of(Arguments.of(2, DecoderType.BERNOULLI), Arguments.of(20, DecoderType.BERNOULLI), Arguments.of(2, DecoderType.GAUSSIAN));
  }

  /** Above two latent dimensions the manifold needs test images: too few is bad input naming the set, not a crash. */
  @org.junit.jupiter.api.Test
  void manifoldWithTooFewTestImagesIsBadInput() {
    Vae vae = new Vae(TinyRuns.config(5, DecoderType.BERNOULLI, 1).model(), new Xoshiro256(1));
    var two = TinyRuns.shapes("tiny-test", 2, 3);
    var e = org.junit.jupiter.api.Assertions.assertThrows(latent.InputException.class,
        () -> Manifold.render(vae, two, ImageShape.of(vae.config.inputSize()), 4));
    assertEquals("tiny-test: 2 test images; the manifold of 5 latent dimensions needs at least 3 for its two directions", e.getMessage());
  }

  /** With one latent dimension the manifold is one row of images, as wide as the 2-D grid. */
  @org.junit.jupiter.api.Test
  void aOneDimensionalManifoldIsOneRow() {
    Vae one = new Vae(TinyRuns.config(1, DecoderType.BERNOULLI, 1).model(), new Xoshiro256(1));
    Vae two = new Vae(TinyRuns.config(2, DecoderType.BERNOULLI, 1).model(), new Xoshiro256(1));
    ImageShape shape = ImageShape.of(one.config.inputSize());
    BufferedImage row = Manifold.render(one, null, shape, 6).image(), grid = Manifold.render(two, null, shape, 6).image();
    assertEquals(grid.getWidth(), row.getWidth());
    assertTrue(row.getHeight() * 4 < grid.getHeight(), row.getHeight() + " vs " + grid.getHeight());
  }

  /** Captions write numbers the same way in every locale (a German default locale made "0,84"). */
  @org.junit.jupiter.api.Test
  void captionsIgnoreTheDefaultLocale() {
    java.util.Locale before = java.util.Locale.getDefault();
    java.util.Locale.setDefault(java.util.Locale.GERMANY);
    try {
      Vae vae = new Vae(TinyRuns.config(5, DecoderType.BERNOULLI, 1).model(), new Xoshiro256(1));
      Figure f = Manifold.render(vae, TinyRuns.shapes("tiny-test", 10, 3), ImageShape.of(vae.config.inputSize()), 4);
      assertTrue(f.caption().matches("(?s).*standard deviations \\d+\\.\\d\\d and \\d+\\.\\d\\d.*"), f.caption());
    } finally {
      java.util.Locale.setDefault(before);
    }
  }

  @ParameterizedTest(name = "latent {0}, {1} decoder")
  @MethodSource("runs")
  void everyFigureIsDrawnAndShowsSomething(int latent, DecoderType decoder) throws IOException {
    Trainer.Result r = TinyRuns.train(tmp.resolve("run"), latent, decoder, 10);
    RunFolder folder = RunFolder.open(tmp.resolve("run"));
    FigureSettings s = FigureSettings.DEFAULTS;
    Path report = RunReport.write(folder, r.model(), TinyRuns.scoredTest(folder.config()), s);

    Path figures = folder.dir.resolve(RunFigures.FOLDER);
    Set<String> names;
    try (var files = Files.list(figures)) {
      names = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
    assertEquals(Set.of("learning-curves.png", "kl-per-dimension.png", "samples.png", "manifold.png", "reconstructions.png", "latents.png"), names);

    ImageShape shape = new ImageShape(TinyRuns.SIDE, TinyRuns.SIDE);
    int scale = ImageGrid.scaleFor(shape, 28);
    checkGrid(figures.resolve("samples.png"), shape, scale, s.sampleSide(), s.sampleSide() * s.sampleSide());
    checkGrid(figures.resolve("manifold.png"), shape, scale, s.manifoldSteps(), s.manifoldSteps() * s.manifoldSteps());
    checkGrid(figures.resolve("reconstructions.png"), shape, scale, s.reconstructionColumns(), 2 * s.reconstructionColumns() * s.reconstructionPairs());
    checkChart(figures.resolve("learning-curves.png"), 720, 480);
    checkChart(figures.resolve("latents.png"), 640, 560);
    checkChart(figures.resolve("kl-per-dimension.png"), 480, Math.max(360, 120 + 14 * latent));

    String html = Files.readString(report);
    assertEquals(6, html.split("data:image/png;base64,", -1).length - 1, "every figure embedded");
    assertTrue(!html.contains("src=\"http") && !html.contains("href=\"http"), "nothing fetched from the network");
  }

  /** One latent dimension (scatter against the index) and two stochastic layers (samples through p(h1|h2)), untrained. */
  @ParameterizedTest(name = "latent {0}, second layer {1}")
  @MethodSource("oddModels")
  void oddModelsGetEveryFigure(int latent, int latent2) {
    var base = TinyRuns.config(latent, DecoderType.BERNOULLI, 1).model();
    var model = latent2 > 0 ? base.withSecondLayer(List.of(8), latent2) : base;
    Vae vae = new Vae(model, new Xoshiro256(5));
    List<Figure> figures = RunFigures.all(List.of(), vae, TinyRuns.data().test(), FigureSettings.DEFAULTS);
    assertEquals(List.of("samples", "manifold", "reconstructions", "latents"), figures.stream().map(Figure::name).toList());
    for (Figure f : figures) assertTrue(f.image().getWidth() > 10 && f.image().getHeight() > 10, f.name());
  }

  static Stream<Arguments> oddModels() {
    return Stream.of(Arguments.of(1, 0), Arguments.of(3, 2));
  }

  static void checkGrid(Path png, ImageShape shape, int scale, int columns, int tiles) {
    BufferedImage img = Pixels.read(png);
    int rows = (tiles + columns - 1) / columns;
    assertEquals(columns * shape.width() * scale + (columns + 1) * ImageGrid.GAP, img.getWidth(), png + " width");
    assertEquals(rows * shape.height() * scale + (rows + 1) * ImageGrid.GAP, img.getHeight(), png + " height");
    double variance = Pixels.tileVariance(img, shape, scale, columns, tiles);
    assertTrue(variance > MIN_TILE_VARIANCE, png.getFileName() + ": tile luminance variance " + variance);
  }

  static void checkChart(Path png, int width, int height) {
    BufferedImage img = Pixels.read(png);
    assertEquals(width, img.getWidth(), png + " width");
    assertEquals(height, img.getHeight(), png + " height");
    int data = Pixels.colourfulPixels(img);
    assertTrue(data > MIN_SERIES_PIXELS, png.getFileName() + ": " + data + " pixels in saturated colours");
  }

}
