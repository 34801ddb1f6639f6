package latent.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.ArrayList;

/**
 * How well a score separates anomalies (label 1) from normal examples (label 0), higher scores
 * meaning more anomalous:
 *
 * <pre>
 *   AUROC = P(s⁺ > s⁻) + ½ P(s⁺ = s⁻)                 (Mann-Whitney U / (n⁺ n⁻), ties counted half)
 *   AUPRC = Σ_t (R_t − R_{t−1}) P_t                    (average precision, one step per distinct score, from the highest)
 * </pre>
 *
 * with P_t and R_t the precision and recall of flagging every example scored at least the
 * t-th highest distinct score. Examples that tie are flagged together, so the order of equal
 * scores never matters.
 */
public final class Detection {
  private Detection() {}

  /** The area under the ROC curve. */
  public static double auroc(double[] scores, boolean[] anomaly) {
    int n = scores.length;
    long positives = check(scores, anomaly);
    Integer[] order = ascending(scores);
    double rankSum = 0;   // Σ of the anomalies' ranks, ties given their mean rank
    for (int i = 0; i < n; ) {
      int j = i;
      while (j < n && scores[order[j]] == scores[order[i]]) j++;
      double midRank = (i + 1 + j) / 2.0;   // ranks i+1 .. j share their mean
      for (int m = i; m < j; m++) if (anomaly[order[m]]) rankSum += midRank;
      i = j;
    }
    long negatives = n - positives;
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** The area under the precision-recall curve, as average precision. */
  public static double auprc(double[] scores, boolean[] anomaly) {
    double[][] curve = precisionRecallCurve(scores, anomaly);
    double area = 0, recallBefore = 0;
    for (int t = 0; t < curve[0].length; t++) {   // from the highest score down, a distinct score at a time
      area += (curve[0][t] - recallBefore) * curve[1][t];
      recallBefore = curve[0][t];
    }
    return area;
  }

  /**
   * The ROC curve, {@code {fpr, tpr}}: one point per distinct score from the highest down,
   * after (0, 0); every example scored at least that score flagged. The trapezoids under it
   * sum to {@link #auroc} (a tie is a diagonal step, which counts it half).
   */
  public static double[][] roc(double[] scores, boolean[] anomaly) {
    long positives = check(scores, anomaly), negatives = scores.length - positives;
    List<double[]> points = new ArrayList<>(List.of(new double[] {0, 0}));
    steps(scores, anomaly, (flagged, caught) -> points.add(new double[] {(double) (flagged - caught) / negatives, (double) caught / positives}));
    return transpose(points);
  }

  /** The precision-recall curve, {@code {recall, precision}}: one point per distinct score from the highest down. */
  public static double[][] precisionRecallCurve(double[] scores, boolean[] anomaly) {
    long positives = check(scores, anomaly);
    List<double[]> points = new ArrayList<>();
    steps(scores, anomaly, (flagged, caught) -> points.add(new double[] {(double) caught / positives, (double) caught / flagged}));
    return transpose(points);
  }

  /** Calls {@code step} with (flagged, caught) after each distinct score, from the highest down. */
  private static void steps(double[] scores, boolean[] anomaly, Step step) {
    Integer[] order = ascending(scores);
    long flagged = 0, caught = 0;
    for (int j = scores.length; j > 0; ) {
      int i = j;
      while (i > 0 && scores[order[i - 1]] == scores[order[j - 1]]) i--;
      for (int m = i; m < j; m++) {
        flagged++;
        if (anomaly[order[m]]) caught++;
      }
      step.at(flagged, caught);
      j = i;
    }
  }

  private interface Step {
    void at(long flagged, long caught);
  }

  private static double[][] transpose(List<double[]> points) {
    double[][] t = new double[2][points.size()];
    for (int i = 0; i < points.size(); i++) {
      t[0][i] = points.get(i)[0];
      t[1][i] = points.get(i)[1];
    }
    return t;
  }

  /** Precision and recall of the examples {@code flagged} (a {@link Threshold}'s flags); precision NaN when none is. */
  public static double[] precisionRecall(boolean[] flagged, boolean[] anomaly) {
    if (flagged.length != anomaly.length) throw new IllegalArgumentException(flagged.length + " flags but " + anomaly.length + " labels");
    long positives = check(new double[anomaly.length], anomaly), flags = 0, caught = 0;
    for (int i = 0; i < flagged.length; i++) {
      if (flagged[i]) {
        flags++;
        if (anomaly[i]) caught++;
      }
    }
    return new double[] {flags == 0 ? Double.NaN : (double) caught / flags, (double) caught / positives};
  }

  /** Checks the inputs; returns how many examples are anomalies. */
  private static long check(double[] scores, boolean[] anomaly) {
    if (scores.length != anomaly.length) {
      throw new IllegalArgumentException(scores.length + " scores but " + anomaly.length + " labels; expected one label per score");
    }
    long positives = 0;
    for (boolean a : anomaly) if (a) positives++;
    if (positives == 0 || positives == anomaly.length) {
      throw new IllegalArgumentException("labels: expected both anomalies (1) and normal examples (0), got " + positives + " anomalies of " + anomaly.length);
    }
    for (double s : scores) if (!Double.isFinite(s)) throw new IllegalArgumentException("scores: expected finite numbers, got " + s);
    return positives;
  }

  private static Integer[] ascending(double[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    return order;
  }
}
