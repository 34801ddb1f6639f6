package latent.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import latent.data.Dataset;
import latent.model.Encodings;
import latent.model.Vae;
import latent.tensor.Tensor;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Where the encoder puts the data: the posterior means μ_φ(x) of test images, one point each,
 * coloured by class label. With N_z &gt; 2 the means are projected on their first two
 * principal components ({@link Pca}); with N_z = 1 they are drawn against their index.
 */
public final class LatentScatter {
  private LatentScatter() {}

  /** The first {@code maxPoints} test images. */
  public static Figure render(Vae vae, Dataset test, int maxPoints) {
    int n = Math.min(maxPoints, test.size());
    if (n == 0) throw new IllegalArgumentException("no test images to encode");
    Dataset shown = test.slice(0, n);
    Tensor mu = Encodings.of(vae, shown.x()).loc();
    int nz = mu.cols;
    Tensor xy;
    String xTitle, yTitle, how;
    if (nz > 2) {
      Pca pca = Pca.fit(mu, 2);
      xy = pca.project(mu);
      double total = pca.totalVariance();
      xTitle = String.format(Locale.ROOT, "PC 1 (%.0f%% of variance)", 100 * pca.variances()[0] / Math.max(total, 1e-30));
      yTitle = String.format(Locale.ROOT, "PC 2 (%.0f%% of variance)", 100 * pca.variances()[1] / Math.max(total, 1e-30));
      how = "projected on their first two principal components";
    } else if (nz == 2) {
      xy = mu;
      xTitle = "z1";
      yTitle = "z2";
      how = "in the 2-D latent space";
    } else {
      xy = Tensor.zeros(n, 2);
      for (int i = 0; i < n; i++) {
        xy.set(i, 0, i);
        xy.set(i, 1, mu.get(i, 0));
      }
      xTitle = "test image";
      yTitle = "z1";
      how = "against the image's index";
    }
    XYChart chart = Charts.xy(640, 560, "Latent space of the test set", xTitle, yTitle);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(4);
    chart.getStyler().setSeriesColors(Charts.translucent(Charts.TAB10, 140));   // no class hides another
    TreeMap<Integer, List<Integer>> byLabel = new TreeMap<>();
    for (int i = 0; i < n; i++) byLabel.computeIfAbsent(shown.hasLabels() ? shown.labels()[i] : -1, k -> new ArrayList<>()).add(i);
    for (var e : byLabel.entrySet()) {
      double[] xs = new double[e.getValue().size()], ys = new double[xs.length];
      for (int p = 0; p < xs.length; p++) {
        xs[p] = xy.get(e.getValue().get(p), 0);
        ys[p] = xy.get(e.getValue().get(p), 1);
      }
      chart.addSeries(e.getKey() < 0 ? "test images" : "class " + e.getKey(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
    }
    String caption = String.format(Locale.ROOT, "Encoder means μ_φ(x) of %,d test images %s%s.", n, how, shown.hasLabels() ? ", coloured by label" : "");
    return new Figure("latents", "Latent space", caption, Charts.image(chart));
  }
}
