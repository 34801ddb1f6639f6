package latent.report;

import java.util.List;
import java.util.Locale;
import latent.eval.GradientStatistics;
import latent.eval.ScoreFunctionToy;
import latent.objective.GradientEstimator;
import latent.objective.Objective;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The charts of {@code latent estimators}: the toy problem's variances, and encoder SNR against k. */
public final class EstimatorCharts {
  private EstimatorCharts() {}

  /** Variance against θ (log-scale y): each estimator's measured points and its exact curve. */
  public static Figure toy(List<ScoreFunctionToy.Row> rows) {
    XYChart chart = Charts.xy(760, 500, "Gradient variance on q = N(θ, 1), f(x) = x²", "θ", "variance of the single-draw estimator");
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(8);
    for (ScoreFunctionToy.Estimator e : ScoreFunctionToy.Estimator.values()) {
      List<ScoreFunctionToy.Row> mine = rows.stream().filter(r -> r.estimator() == e).toList();
      double[] theta = mine.stream().mapToDouble(ScoreFunctionToy.Row::theta).toArray();
      double[] fine = new double[101];
      double[] exact = new double[fine.length];
      double lo = theta[0], hi = theta[theta.length - 1];
      for (int i = 0; i < fine.length; i++) {
        fine[i] = lo + (hi - lo) * i / (fine.length - 1);
        exact[i] = e.exactVariance(fine[i]);
      }
      java.awt.Color colour = Charts.TAB10[e.ordinal()];
      var line = chart.addSeries(e.label + " (exact)", fine, exact);
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE).setLineStyle(SeriesLines.DASH_DASH);
      line.setLineColor(colour);
      var points = chart.addSeries(e.label + " (measured)", theta, mine.stream().mapToDouble(ScoreFunctionToy.Row::variance).toArray());
      points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.CIRCLE);
      points.setMarkerColor(colour);
    }
    long draws = rows.getFirst().draws();
    return new Figure("estimators-toy", "Score function against pathwise",
        String.format(Locale.ROOT, "Points: sample variance over %,d draws; dashed: θ⁴ + 14θ² + 15, 8θ² + 10 and 4.", draws), Charts.image(chart));
  }

  /** Mean encoder SNR against k (log-scale x) for the IWAE gradient and DReG. */
  public static Figure snrAgainstK(List<GradientStatistics.Row> rows) {
    XYChart chart = Charts.xy(760, 500, "Encoder gradient SNR against k", "k (samples of L_k)", "mean |ḡ| / s over encoder parameters");
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.getStyler().setMarkerSize(8);
    for (boolean dreg : new boolean[] {false, true}) {
      List<GradientStatistics.Row> mine = rows.stream()
          .filter(r -> r.group().equals("encoder") && r.objective().kind() == Objective.Kind.IWAE
              && (r.objective().gradient() instanceof GradientEstimator.Dreg) == dreg)
          .toList();
      if (mine.isEmpty()) continue;
      chart.addSeries(dreg ? "DReG" : "IWAE (pathwise)", mine.stream().mapToDouble(r -> r.objective().samples()).toArray(),
          mine.stream().mapToDouble(GradientStatistics.Row::meanSnr).toArray()).setMarker(SeriesMarkers.CIRCLE);
    }
    return new Figure("estimators-snr", "Encoder SNR against k",
        "Rainforth et al. (2018): the IWAE encoder gradient's SNR falls as k grows; DReG's should not.", Charts.image(chart));
  }
}
