package latent.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import latent.train.RunFolder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves as in AEVB's Figure 2: the bound against the number of training images
 * seen, on a logarithmic x axis, one point per epoch of {@code metrics.csv}: the train bound
 * (averaged over the epoch's minibatches, so it lags the end-of-epoch model), the test ELBO
 * and, when the run held out a validation set, the validation ELBO.
 */
public final class LearningCurves {
  private LearningCurves() {}

  /** Empty when no epoch has finished yet. */
  public static Optional<Figure> render(List<RunFolder.Metrics> rows) {
    if (rows.isEmpty()) return Optional.empty();
    XYChart chart = Charts.xy(720, 480, "Learning curves", "training images seen", "nats per image");
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisDecimalPattern("#,###");   // 100,000 rather than 1E5
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.getStyler().setMarkerSize(6);
    double[] x = rows.stream().mapToDouble(RunFolder.Metrics::imagesSeen).toArray();
    add(chart, "train bound", x, rows, RunFolder.Metrics::trainBound);
    add(chart, "test ELBO", x, rows, RunFolder.Metrics::testElbo);
    if (rows.stream().anyMatch(r -> Double.isFinite(r.validationElbo()))) add(chart, "validation ELBO", x, rows, RunFolder.Metrics::validationElbo);
    var last = rows.getLast();
    String caption = String.format(Locale.ROOT, "Per epoch: the train bound (mean over the epoch's minibatches) and the test ELBO "
        + "after %d epochs, %,d images: %.2f nats.", last.epoch(), last.imagesSeen(), last.testElbo());
    return Optional.of(new Figure("learning-curves", "Learning curves", caption, Charts.image(chart)));
  }

  private static void add(XYChart chart, String name, double[] x, List<RunFolder.Metrics> rows, ToDoubleFunction<RunFolder.Metrics> f) {
    double[] y = rows.stream().mapToDouble(f).toArray();
    chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
  }
}
