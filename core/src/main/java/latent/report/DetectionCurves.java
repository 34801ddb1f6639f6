package latent.report;

import java.util.List;
import java.util.Locale;
import latent.eval.AnomalyScores;
import latent.eval.Detection;
import latent.eval.ScoreKind;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The ROC and precision-recall curves of each score kind on labelled examples, one line per kind
 * ({@link Detection#roc}, {@link Detection#precisionRecallCurve}), its area in the legend. The
 * ROC's diagonal and the PR curve's base rate (the share of anomalies) are what chance achieves.
 */
public final class DetectionCurves {
  /** What {@code latent score --labels} leaves in the run folder beside the curves, for {@code latent report}: the detection table. */
  public static final String TABLE = "detection.txt";
  /** The curves' file stems under {@code figures/}. */
  static final List<String> NAMES = List.of("roc", "precision-recall");
  private DetectionCurves() {}

  /**
   * At most {@value #POINTS} points of a curve, evenly by index, the first and last kept: more
   * than the figure's pixels show, and few enough that XChart does not take thousands of nearly
   * equally spaced values for a lattice and put a tick on each.
   */
  static double[][] thin(double[][] curve) {
    int n = curve[0].length, step = (n + POINTS - 1) / POINTS;
    if (step <= 1) return curve;
    int[] keep = java.util.stream.IntStream.concat(java.util.stream.IntStream.iterate(0, i -> i < n - 1, i -> i + step),
        java.util.stream.IntStream.of(n - 1)).toArray();
    double[][] t = new double[2][keep.length];
    for (int i = 0; i < keep.length; i++) {
      t[0][i] = curve[0][keep[i]];
      t[1][i] = curve[1][keep[i]];
    }
    return t;
  }

  private static final int POINTS = 400;

  /** {@code roc} and {@code precision-recall} figures; {@code what} names the examples in the captions. */
  public static List<Figure> render(AnomalyScores scores, List<ScoreKind> kinds, boolean[] anomaly, String what) {
    int anomalies = 0;
    for (boolean a : anomaly) if (a) anomalies++;
    double base = (double) anomalies / anomaly.length;
    XYChart roc = Charts.xy(640, 560, "ROC", "false positive rate", "true positive rate");
    XYChart pr = Charts.xy(640, 560, "Precision-recall", "recall", "precision");
    for (XYChart c : List.of(roc, pr)) {
      c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
      c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    }
    for (ScoreKind kind : kinds) {
      double[] s = scores.anomaly(kind);
      double[][] r = thin(Detection.roc(s, anomaly)), p = thin(Detection.precisionRecallCurve(s, anomaly));
      String name = kind.column(scores.k());
      roc.addSeries(String.format(Locale.ROOT, "%s (AUROC %.3f)", name, Detection.auroc(s, anomaly)), r[0], r[1]).setMarker(SeriesMarkers.NONE);
      pr.addSeries(String.format(Locale.ROOT, "%s (AUPRC %.3f)", name, Detection.auprc(s, anomaly)), p[0], p[1]).setMarker(SeriesMarkers.NONE);
    }
    roc.addSeries("chance", new double[] {0, 1}, new double[] {0, 1}).setMarker(SeriesMarkers.NONE).setLineColor(java.awt.Color.GRAY);
    pr.addSeries("chance", new double[] {0, 1}, new double[] {base, base}).setMarker(SeriesMarkers.NONE).setLineColor(java.awt.Color.GRAY);
    String of = String.format(Locale.ROOT, "%s: %,d anomalies among %,d examples", what, anomalies, anomaly.length);
    return List.of(
        new Figure(NAMES.get(0), "ROC curves", of + "; each score flags the examples above a threshold swept from the highest score down.", Charts.image(roc)),
        new Figure(NAMES.get(1), "Precision-recall curves", of + String.format(Locale.ROOT, "; chance precision %.3f.", base), Charts.image(pr)));
  }
}
