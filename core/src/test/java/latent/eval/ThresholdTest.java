package latent.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import latent.InputException;
import org.junit.jupiter.api.Test;

/** The threshold's quantile against values worked out by hand (numpy's linear rule), its flags and its file. */
class ThresholdTest {
  /** Scores of one kind for five examples, as AnomalyScores holds them. */
  static AnomalyScores scores(ScoreKind kind, double... v) {
    double[][] all = new double[ScoreKind.ALL.size()][];
    for (ScoreKind k : ScoreKind.ALL) all[k.ordinal()] = new double[v.length];
    all[kind.ordinal()] = v;
    return new AnomalyScores(10, all);
  }

  /**
   * Sorted 1, 2, 3, 4, 5: h = 4q. q = 0.5: h = 2, the third, 3; q = 0.9: h = 3.6, 4 + 0.6 · (5 − 4) = 4.6;
   * q = 0.1: 1 + 0.4 = 1.4; q = 0 and 1: the extremes.
   */
  @Test
  void quantileInterpolatesLinearly() {
    double[] v = {5, 1, 4, 2, 3};
    assertEquals(3, Threshold.quantile(v, 0.5), 1e-12);
    assertEquals(4.6, Threshold.quantile(v, 0.9), 1e-12);
    assertEquals(1.4, Threshold.quantile(v, 0.1), 1e-12);
    assertEquals(1, Threshold.quantile(v, 0), 0);
    assertEquals(5, Threshold.quantile(v, 1), 0);
    assertEquals(7, Threshold.quantile(new double[] {7}, 0.3), 0);
  }

  /**
   * L_k of −1 … −5 are anomaly scores 1 … 5; at q = 0.5 the threshold is 3 and the examples with
   * −L_k above 3 (L_k −4 and −5) are flagged. The squared error is an anomaly score as it is.
   */
  @Test
  void flagsWhatIsAboveTheThresholdInTheAnomalyDirection() {
    Threshold t = Threshold.fit(scores(ScoreKind.LK, -1, -2, -3, -4, -5), ScoreKind.LK, 0.5, "normal.npy");
    assertEquals(3, t.value(), 1e-12);
    assertArrayEquals(new boolean[] {false, false, false, true, true}, t.flags(scores(ScoreKind.LK, -1, -2, -3, -4, -5)));
    Threshold e = Threshold.fit(scores(ScoreKind.RECON_ERROR, 1, 2, 3, 4, 5), ScoreKind.RECON_ERROR, 0.9, "normal.npy");
    assertEquals(4.6, e.value(), 1e-12);
    assertArrayEquals(new boolean[] {false, false, false, false, true}, e.flags(scores(ScoreKind.RECON_ERROR, 1, 2, 3, 4, 5)));
    // L_k depends on k: a threshold of L_10 does not apply to L_20
    assertThrows(InputException.class, () -> t.flags(new AnomalyScores(20, scores(ScoreKind.LK, -1, -2, -3, -4, -5).values())));
  }

  @Test
  void roundTripsAndRefusesBadFiles() {
    Threshold t = new Threshold(ScoreKind.RECON_LOGLIK, 100, 0.99, -123.456789012345, "held-out \"data\".npy", 5000);
    assertEquals(t, Threshold.parse(t.toJson(), "t.json"));
    String good = t.toJson();
    for (String[] bad : new String[][] {
        {good.replace("latent-threshold/1", "latent-threshold/9"), "format"},
        {good.replace("recon-loglik", "recon"), "score"},
        {good.replace("\"k\" : 100", "\"k\" : 0"), "k: expected"},
        {good.replace("0.99", "1.5"), "quantile"},
        {good.replace("-123.456789012345", "\"NaN\""), "value"},
        {good.replace("5000", "0"), "examples"},
        {"[1, 2", "not a valid threshold"}}) {
      InputException e = assertThrows(InputException.class, () -> Threshold.parse(bad[0], "t.json"), bad[0]);
      assertTrue(e.getMessage().startsWith("t.json: ") && e.getMessage().contains(bad[1]) && !e.getMessage().contains("\n"), e.getMessage());
    }
  }
}
