package latent.report;

import java.util.List;
import java.util.Locale;
import latent.train.RunFolder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Several runs on one chart, as AEVB's Figure 2 compares AEVB with wake-sleep and Monte Carlo
 * EM: each run's test ELBO against the number of training images seen, log-scale x, one point
 * per epoch.
 */
public final class CompareCurves {
  private CompareCurves() {}

  /** One run: its label in the legend and its metrics. */
  public record Run(String label, List<RunFolder.Metrics> metrics) {}

  /** The chart, its y axis starting at {@code yMin} when not NaN (a run far below the others would flatten them). */
  public static Figure render(List<Run> runs, double yMin) {
    XYChart chart = Charts.xy(800, 520, "Test ELBO against training images seen", "training images seen", "test ELBO (nats per image)");
    if (!Double.isNaN(yMin)) chart.getStyler().setYAxisMin(yMin);
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.getStyler().setMarkerSize(5);
    StringBuilder caption = new StringBuilder("Final test ELBO:");
    for (Run r : runs) {
      double[] x = r.metrics().stream().mapToDouble(RunFolder.Metrics::imagesSeen).toArray();
      double[] y = r.metrics().stream().mapToDouble(RunFolder.Metrics::testElbo).toArray();
      chart.addSeries(r.label(), x, y).setMarker(SeriesMarkers.CIRCLE);
      var last = r.metrics().getLast();
      caption.append(String.format(Locale.ROOT, " %s %.2f after %,d images;", r.label(), last.testElbo(), last.imagesSeen()));
    }
    return new Figure("compare", "Runs compared", caption.substring(0, caption.length() - 1) + ".", Charts.image(chart));
  }
}
