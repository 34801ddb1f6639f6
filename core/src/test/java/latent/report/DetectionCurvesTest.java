package latent.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import latent.eval.AnomalyScores;
import latent.eval.ScoreKind;
import org.junit.jupiter.api.Test;

/** The detection figures: one per curve, and long curves thinned with their ends kept. */
class DetectionCurvesTest {
  @Test
  void longCurvesAreThinnedWithTheirEndsKept() {
    int n = 10_001;
    double[][] c = new double[2][n];
    for (int i = 0; i < n; i++) {
      c[0][i] = i / (n - 1.0);
      c[1][i] = Math.sqrt(c[0][i]);
    }
    double[][] t = DetectionCurves.thin(c);
    assertTrue(t[0].length <= 401 && t[0].length > 300, t[0].length + " points");
    assertEquals(0, t[0][0]);
    assertEquals(1, t[0][t[0].length - 1]);
    assertEquals(1, t[1][t[1].length - 1]);
    for (int i = 1; i < t[0].length; i++) assertTrue(t[0][i] > t[0][i - 1]);
    double[][] shortCurve = {{0, 0.5, 1}, {0, 1, 1}};
    assertArrayEquals(shortCurve[0], DetectionCurves.thin(shortCurve)[0]);
  }

  @Test
  void rendersTheRocAndPrecisionRecallFigures() {
    double[][] v = new double[ScoreKind.ALL.size()][];
    for (ScoreKind k : ScoreKind.ALL) v[k.ordinal()] = new double[] {-1, -2, -3, -4};
    List<Figure> f = DetectionCurves.render(new AnomalyScores(5, v), ScoreKind.ALL, new boolean[] {false, false, true, true}, "x.npy");
    assertEquals(List.of("roc", "precision-recall"), f.stream().map(Figure::name).toList());
    assertTrue(f.get(0).caption().contains("2 anomalies among 4 examples"), f.get(0).caption());
    assertTrue(f.get(1).image().getWidth() > 0);
  }
}
