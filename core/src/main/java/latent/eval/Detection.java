package latent.eval;

import java.util.Arrays;
import java.util.Comparator;

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
    int n = scores.length;
    long positives = check(scores, anomaly);
    Integer[] order = ascending(scores);
    double area = 0, recallBefore = 0;
    long flagged = 0, caught = 0;
    for (int j = n; j > 0; ) {   // from the highest score down, a distinct score at a time
      int i = j;
      while (i > 0 && scores[order[i - 1]] == scores[order[j - 1]]) i--;
      for (int m = i; m < j; m++) {
        flagged++;
        if (anomaly[order[m]]) caught++;
      }
      double recall = (double) caught / positives;
      area += (recall - recallBefore) * caught / flagged;
      recallBefore = recall;
      j = i;
    }
    return area;
  }

  /** Precision and recall of flagging the examples scored at or above {@code threshold}. */
  public static double[] precisionRecall(double[] scores, boolean[] anomaly, double threshold) {
    long positives = check(scores, anomaly), flagged = 0, caught = 0;
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] >= threshold) {
        flagged++;
        if (anomaly[i]) caught++;
      }
    }
    return new double[] {flagged == 0 ? Double.NaN : (double) caught / flagged, (double) caught / positives};
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
