package latent.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import latent.eval.AevbFigure2;
import latent.train.RunFolder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * AEVB's Figure 2 in the paper's layout: one panel per latent size, the lower bound against
 * training images seen on a log scale, AEVB in red and wake-sleep in blue, the training bound
 * dashed and the test bound solid. Each panel's y axis ends 60 nats below its best final bound,
 * so that early wake-sleep epochs far below do not flatten the curves.
 */
public final class Figure2Panels {
  private static final int WIDTH = 420, HEIGHT = 340, COLUMNS = 3;
  private static final Color AEVB = Charts.TAB10[3], WAKE_SLEEP = Charts.TAB10[0];   // tab10's red and blue

  private Figure2Panels() {}

  public static Figure render(List<AevbFigure2.Row> rows) {
    List<Integer> sizes = rows.stream().map(r -> r.cell().latent()).distinct().toList();
    int panelRows = (sizes.size() + COLUMNS - 1) / COLUMNS;
    BufferedImage all = new BufferedImage(WIDTH * Math.min(COLUMNS, sizes.size()), HEIGHT * panelRows, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, all.getWidth(), all.getHeight());
    for (int i = 0; i < sizes.size(); i++) {
      int nz = sizes.get(i);
      g.drawImage(Charts.image(panel(rows, nz)), (i % COLUMNS) * WIDTH, (i / COLUMNS) * HEIGHT, null);
    }
    g.dispose();
    return new Figure("aevb-figure2", "AEVB against wake-sleep (Kingma & Welling 2014, Figure 2)",
        "Lower bound per image against training images seen; red AEVB, blue wake-sleep; dashed: training set, solid: test set.", all);
  }

  private static XYChart panel(List<AevbFigure2.Row> rows, int nz) {
    XYChart chart = Charts.xy(WIDTH, HEIGHT, "N_z = " + nz, "training images seen", "lower bound (nats)");
    var st = chart.getStyler();
    st.setXAxisLogarithmic(true);
    st.setXAxisDecimalPattern("#,###");   // 100,000 rather than 1E5
    st.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    st.setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    st.setLegendFont(st.getLegendFont().deriveFont(10f));
    double best = Double.NEGATIVE_INFINITY;
    for (AevbFigure2.Row r : rows) {
      if (r.cell().latent() != nz) continue;
      boolean aevb = r.cell().method().equals("aevb");
      String name = aevb ? "AEVB" : "wake-sleep";
      double[] x = r.metrics().stream().mapToDouble(RunFolder.Metrics::imagesSeen).toArray();
      add(chart, name + " train", x, r.metrics().stream().mapToDouble(RunFolder.Metrics::trainBound).toArray(), aevb ? AEVB : WAKE_SLEEP, true);
      add(chart, name + " test", x, r.metrics().stream().mapToDouble(RunFolder.Metrics::testElbo).toArray(), aevb ? AEVB : WAKE_SLEEP, false);
      best = Math.max(best, Math.max(r.last().trainBound(), r.last().testElbo()));
    }
    if (Double.isFinite(best)) st.setYAxisMin(Math.floor(best - 60)).setYAxisMax(Math.ceil(best + 5));
    st.setYAxisDecimalPattern("0");
    return chart;
  }

  private static void add(XYChart chart, String name, double[] x, double[] y, Color colour, boolean dashed) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.NONE).setLineColor(colour).setLineStyle(dashed ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
  }
}
