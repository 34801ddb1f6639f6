package latent.report;

import java.util.List;
import java.util.Locale;
import latent.eval.GradientStatistics;
import latent.eval.ScoreFunctionToy;
import latent.objective.Objective;

/** The tables of {@code latent estimators}: as printed, and as CSV. */
public final class EstimatorTables {
  private EstimatorTables() {}

  /** The toy problem's rows beside their exact values, as printed. */
  public static String toy(List<ScoreFunctionToy.Row> rows) {
    StringBuilder s = new StringBuilder(String.format("%6s  %-26s %10s %8s %9s %12s %12s %7s%n", "θ", "estimator", "mean", "2θ", "(±s.e.)",
        "variance", "exact", "ratio"));
    for (ScoreFunctionToy.Row r : rows) {
      s.append(String.format("%6.2f  %-26s %10.4f %8.4f %9.4f %12.3f %12.3f %7.3f%n", r.theta(), r.estimator().label, r.mean(), r.exactMean(),
          r.standardError(), r.variance(), r.exactVariance(), r.variance() / r.exactVariance()));
    }
    return s.toString();
  }

  public static String toyCsv(List<ScoreFunctionToy.Row> rows) {
    StringBuilder csv = new StringBuilder("theta,estimator,draws,mean,exact_mean,standard_error,variance,exact_variance\n");
    for (ScoreFunctionToy.Row r : rows) {
      csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.6f,%.6f,%.6f,%.6f,%.6f%n", r.theta(), r.estimator().name().toLowerCase(Locale.ROOT),
          r.draws(), r.mean(), r.exactMean(), r.standardError(), r.variance(), r.exactVariance()));
    }
    return csv.toString();
  }

  /** Each estimator's gradient variance and SNR on a trained model, per parameter group, as printed. */
  public static String measured(List<GradientStatistics.Row> rows) {
    StringBuilder s = new StringBuilder(String.format("%-8s %4s  %-32s %-8s %14s %12s %9s%n", "bound", "L/k", "estimator", "group", "variance",
        "÷ pathwise", "SNR"));
    for (GradientStatistics.Row r : rows) {
      Objective o = r.objective();
      String bound = o.kind() == Objective.Kind.IWAE ? "IWAE" : "ELBO (" + o.estimator() + ")";
      s.append(String.format("%-8s %4d  %-32s %-8s %14.4g %12.4g %9.4f%n", bound, o.samples(), o.gradient().flag(), r.group(), r.medianVariance(),
          r.medianRatioToPathwise(), r.meanSnr()));
    }
    return s.toString();
  }

  public static String measuredCsv(List<GradientStatistics.Row> rows) {
    StringBuilder csv = new StringBuilder("objective,sgvb_form,samples,estimator,group,median_variance,median_ratio_to_pathwise,mean_snr\n");
    for (GradientStatistics.Row r : rows) {
      Objective o = r.objective();
      csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%.6g,%.6g,%.6g%n", o.kind().label(), o.kind() == Objective.Kind.IWAE ? "" : o.estimator(),
          o.samples(), o.gradient().flag(), r.group(), r.medianVariance(), r.medianRatioToPathwise(), r.meanSnr()));
    }
    return csv.toString();
  }
}
