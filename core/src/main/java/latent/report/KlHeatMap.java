package latent.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import latent.train.RunFolder;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * Posterior collapse at a glance: the KL of each latent dimension (rows) after each epoch
 * (columns), from {@code diagnostics.csv}. A dimension the model uses keeps a KL well above
 * zero; a collapsed one fades to zero and stays there. The caption gives the last epoch's
 * active units and mutual information I_q(x; z).
 */
public final class KlHeatMap {
  private KlHeatMap() {}

  /** Empty when no epoch has finished (or the run predates the diagnostics). */
  public static Optional<Figure> render(List<RunFolder.EpochDiagnostics> rows) {
    if (rows.isEmpty()) return Optional.empty();
    int dims = rows.getFirst().diagnostics().klPerDimension().length;
    HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(480, 160 + 24 * rows.size())).height(Math.max(360, 120 + 14 * dims))
        .title("KL per latent dimension").xAxisTitle("epoch").yAxisTitle("latent dimension").build();
    var s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setRangeColors(new Color[] {Color.WHITE, new Color(0x9ecae1), new Color(0x3182bd), new Color(0x08306b)});
    s.setMin(0);
    s.setShowValue(false);
    List<String> epochs = new ArrayList<>(), dimensions = new ArrayList<>();   // labels: XChart formats numbers only with a theme's patterns
    for (RunFolder.EpochDiagnostics r : rows) epochs.add(Integer.toString(r.epoch()));
    for (int u = 1; u <= dims; u++) dimensions.add(Integer.toString(u));
    List<Number[]> heat = new ArrayList<>();
    double max = 0;
    for (int e = 0; e < rows.size(); e++) {
      double[] kl = rows.get(e).diagnostics().klPerDimension();
      for (int u = 0; u < dims; u++) {
        heat.add(new Number[] {e, u, kl[u]});
        max = Math.max(max, kl[u]);
      }
    }
    s.setMax(Math.max(max, 1e-3));
    chart.addSeries("KL (nats)", epochs, dimensions, heat);
    var last = rows.getLast();
    String caption = String.format(Locale.ROOT, "KL(q(u|x) ‖ N(0, 1)) averaged over the test set, per dimension and epoch. After epoch %d: "
        + "%d of %d dimensions active, mutual information I_q(x; z) %.2f nats (estimated on up to 2,000 test images, so at most log 2,000 = 7.6).",
        last.epoch(), last.diagnostics().activeUnits(), dims, last.diagnostics().mutualInformation());
    return Optional.of(new Figure("kl-per-dimension", "KL per latent dimension", caption, BitmapEncoder.getBufferedImage(chart)));
  }
}
