package latent.spark;

import java.util.Arrays;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * A Spark ML {@link Evaluator} of a {@link VaeModel}'s output: the mean bound per row, in nats,
 * larger is better, so {@code TrainValidationSplit} and {@code CrossValidator} choose a latent
 * size, k or learning rate by it with no extra code.
 *
 * <pre>
 *   elbo:  (1/n) Σ_j L_1(x_j)     the model's elbo column
 *   L_k:   (1/n) Σ_j L_k(x_j)     its log_likelihood column (k the model's; L_k ≥ the ELBO on average, → log p(x))
 * </pre>
 *
 * A column holding NaN or infinity makes the metric so; a missing column is one line naming it.
 */
public final class BoundEvaluator extends Evaluator implements MLWritable {
  private final String uid;
  private final Param<String> metricName;
  private final Param<String> elboCol;
  private final Param<String> scoreCol;

  public BoundEvaluator() {
    this(Identifiable.randomUID("boundEval"));
  }

  public BoundEvaluator(String uid) {
    this.uid = uid;
    metricName = new Param<>(this, "metricName", "elbo or L_k: the mean of the model's elbo or log_likelihood column",
        ParamValidators.inArray(new String[] {"elbo", "L_k"}));
    elboCol = new Param<>(this, "elboCol", "the column of per-row ELBOs");
    scoreCol = new Param<>(this, "scoreCol", "the column of per-row L_k");
    setDefault(metricName, "elbo");
    setDefault(elboCol, "elbo");
    setDefault(scoreCol, "log_likelihood");
  }

  public Param<String> metricName() { return metricName; }
  public Param<String> elboCol() { return elboCol; }
  public Param<String> scoreCol() { return scoreCol; }

  public String getMetricName() { return (String) getOrDefault(metricName); }
  public BoundEvaluator setMetricName(String v) { set(metricName, v); return this; }
  public BoundEvaluator setElboCol(String v) { set(elboCol, v); return this; }
  public BoundEvaluator setScoreCol(String v) { set(scoreCol, v); return this; }

  @Override
  public double evaluate(Dataset<?> dataset) {
    String column = (String) getOrDefault(getMetricName().equals("elbo") ? elboCol : scoreCol);
    if (!Arrays.asList(dataset.columns()).contains(column)) {
      throw new IllegalArgumentException("BoundEvaluator: no column '" + column + "' for metric " + getMetricName() + "; the DataFrame has "
          + Arrays.toString(dataset.columns()) + " (transform it with a VaeModel first)");
    }
    Row r = dataset.agg(functions.avg(functions.col(InputCheck.quote(column)))).first();
    return r.isNullAt(0) ? Double.NaN : r.getDouble(0);
  }

  @Override
  public boolean isLargerBetter() {
    return true;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public BoundEvaluator copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  public static MLReader<BoundEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static BoundEvaluator load(String path) {
    return read().load(path);
  }
}
