package latent.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The common look of latent's XChart charts, and their rendering to an image. */
final class Charts {
  static {
    Headless.init();
  }

  /** Matplotlib's "tab10" colours: ten classes stay distinguishable. */
  static final Color[] TAB10 = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
      new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

  private Charts() {}

  static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    var s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(true);
    s.setPlotGridLinesColor(new Color(0xdddddd));
    s.setLegendBorderColor(new Color(0xcccccc));
    s.setSeriesColors(TAB10);
    s.setAntiAlias(true);
    return chart;
  }

  /** The colours with opacity {@code alpha} (0..255), so that overlapping markers stay visible. */
  static Color[] translucent(Color[] colours, int alpha) {
    Color[] out = new Color[colours.length];
    for (int i = 0; i < colours.length; i++) out[i] = new Color(colours[i].getRed(), colours[i].getGreen(), colours[i].getBlue(), alpha);
    return out;
  }

  static BufferedImage image(XYChart chart) {
    return BitmapEncoder.getBufferedImage(chart);
  }
}
