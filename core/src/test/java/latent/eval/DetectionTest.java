package latent.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** AUROC, AUPRC and precision/recall at a threshold against values worked out by hand, ties included. */
class DetectionTest {
  static final double EXACT = 1e-12;

  /**
   * Scores 0.9 (a), 0.8 (n), 0.7 (a), 0.6 (n), 0.5 (n). Pairs (anomaly, normal) ordered right:
   * 0.9 beats all 3 normals, 0.7 beats 2 of them: 5 of 6, AUROC = 5/6. Average precision: the
   * anomalies come at ranks 1 and 3, with precision 1/1 and 2/3 there, each adding ½ recall:
   * ½ · 1 + ½ · ⅔ = 5/6.
   */
  @Test
  void withoutTies() {
    double[] s = {0.9, 0.8, 0.7, 0.6, 0.5};
    boolean[] a = {true, false, true, false, false};
    assertEquals(5.0 / 6, Detection.auroc(s, a), EXACT);
    assertEquals(5.0 / 6, Detection.auprc(s, a), EXACT);
  }

  /**
   * Scores 3 (a), 2 (a), 2 (n), 1 (n). Pairs: 3 beats both normals (2), the tied 2s count ½,
   * the anomalous 2 beats 1 (1): 3.5 of 4, AUROC = 7/8. Average precision with ties flagged
   * together: at 3, precision 1 and recall ½; at 2 (two examples, one anomaly), precision ⅔
   * and recall 1: ½ · 1 + ½ · ⅔ = 5/6, whatever the order of the tied pair.
   */
  @Test
  void tiesCountHalfAndAreFlaggedTogether() {
    double[] s = {3, 2, 2, 1};
    assertEquals(7.0 / 8, Detection.auroc(s, new boolean[] {true, true, false, false}), EXACT);
    assertEquals(5.0 / 6, Detection.auprc(s, new boolean[] {true, true, false, false}), EXACT);
    double[] swapped = {3, 2, 2, 1};
    assertEquals(5.0 / 6, Detection.auprc(swapped, new boolean[] {true, false, true, false}), EXACT);
    // every score equal: no information, AUROC ½ and AUPRC the share of anomalies
    assertEquals(0.5, Detection.auroc(new double[] {1, 1, 1, 1}, new boolean[] {true, false, false, false}), EXACT);
    assertEquals(0.25, Detection.auprc(new double[] {1, 1, 1, 1}, new boolean[] {true, false, false, false}), EXACT);
  }

  @Test
  void perfectAndReversedRankings() {
    boolean[] a = {true, true, false, false, false};
    assertEquals(1, Detection.auroc(new double[] {5, 4, 3, 2, 1}, a), EXACT);
    assertEquals(1, Detection.auprc(new double[] {5, 4, 3, 2, 1}, a), EXACT);
    assertEquals(0, Detection.auroc(new double[] {1, 2, 3, 4, 5}, a), EXACT);
    // reversed: the anomalies come last, at ranks 4 and 5: ½ · ¼ + ½ · ⅖ = 0.325
    assertEquals(0.325, Detection.auprc(new double[] {1, 2, 3, 4, 5}, a), EXACT);
  }

  /** Three flagged, 2 of them anomalies (precision ⅔), both anomalies caught (recall 1); then one flagged, an anomaly. */
  @Test
  void precisionAndRecallOfTheFlagged() {
    boolean[] a = {true, true, false, false};
    assertArrayEquals(new double[] {2.0 / 3, 1}, Detection.precisionRecall(new boolean[] {true, true, true, false}, a), EXACT);
    assertArrayEquals(new double[] {1, 0.5}, Detection.precisionRecall(new boolean[] {true, false, false, false}, a), EXACT);
    assertTrue(Double.isNaN(Detection.precisionRecall(new boolean[4], a)[0]));
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Detection.auroc(new double[] {1, 2}, new boolean[] {true}));
    assertThrows(IllegalArgumentException.class, () -> Detection.auroc(new double[] {1, 2}, new boolean[] {true, true}));
    assertThrows(IllegalArgumentException.class, () -> Detection.auprc(new double[] {1, Double.NaN}, new boolean[] {true, false}));
  }

  /**
   * The curves of the tied example above (3 a, 2 a, 2 n, 1 n): the ROC goes (0, 0), (0, ½) after
   * 3, (½, 1) after the tied 2s, (1, 1) after 1; its trapezoids ½·½·(0 + 0) ... sum to 7/8, the
   * AUROC. The precision-recall points are (½, 1), (1, ⅔), (1, ½).
   */
  @Test
  void curvesStepOncePerDistinctScore() {
    double[] s = {3, 2, 2, 1};
    boolean[] a = {true, true, false, false};
    double[][] roc = Detection.roc(s, a);
    assertArrayEquals(new double[] {0, 0, 0.5, 1}, roc[0], EXACT);
    assertArrayEquals(new double[] {0, 0.5, 1, 1}, roc[1], EXACT);
    double area = 0;
    for (int i = 1; i < roc[0].length; i++) area += (roc[0][i] - roc[0][i - 1]) * (roc[1][i] + roc[1][i - 1]) / 2;
    assertEquals(7.0 / 8, area, EXACT);
    double[][] pr = Detection.precisionRecallCurve(s, a);
    assertArrayEquals(new double[] {0.5, 1, 1}, pr[0], EXACT);
    assertArrayEquals(new double[] {1, 2.0 / 3, 0.5}, pr[1], EXACT);
  }
}
