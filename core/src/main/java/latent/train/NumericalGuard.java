package latent.train;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import latent.nn.Parameter;

/**
 * Keeps non-finite numbers out of the parameters. Before each update (call order: forward,
 * backward, {@link #admit}, optimizer step):
 *
 * <pre>
 *   if the loss or any ∂loss/∂θ is NaN or ±∞:  skip the update, count the step as bad
 *   else if clipNorm c > 0 and ‖g‖₂ > c:       g ← g · c / ‖g‖₂      (global norm over all parameters;
 *                                                                      Pascanu, Mikolov and Bengio 2013)
 * </pre>
 *
 * After {@link Safeguards#maxBadSteps} bad steps in a row the run cannot recover by itself:
 * {@link #tripped} turns true and {@link #lastProblem} names the parameter (layer) where the
 * first non-finite value was found. {@link #requireFinite} is the last line of defence before
 * anything is written: a non-finite parameter never reaches a checkpoint or metrics file.
 */
public final class NumericalGuard {
  private static final VectorSpecies<Float> S = latent.tensor.VectorWidth.FLOATS;

  private final Safeguards settings;
  private long badSteps;
  private long consecutive;
  private String lastProblem = "";

  public NumericalGuard(Safeguards settings) {
    this.settings = settings;
  }

  /** True when the update may go ahead; false when the step is to be skipped (and is counted). */
  public boolean admit(double loss, List<Parameter> params) {
    String problem = problem(loss, params);
    if (problem != null) {
      badSteps++;
      consecutive++;
      lastProblem = problem;
      return false;
    }
    consecutive = 0;
    if (settings.clipNorm() > 0) clip(params, settings.clipNorm());
    return true;
  }

  /**
   * What is non-finite, or null when the loss and every gradient are finite. The gradients
   * are checked every step; the parameters only when something is wrong, to name the culprit.
   */
  static String problem(double loss, List<Parameter> params) {
    String gradient = null;
    for (Parameter p : params) {
      if (!allFinite(p.grad.data)) {
        gradient = "non-finite gradient in " + p.name;
        break;
      }
    }
    if (gradient == null && Double.isFinite(loss)) return null;
    for (Parameter p : params) if (!allFinite(p.value.data)) return "parameter " + p.name + " holds NaN or infinite values";
    return gradient != null ? gradient : "non-finite loss (" + loss + ") with finite gradients";
  }

  /** g ← g · c / ‖g‖₂ when ‖g‖₂ > c; the norm is summed in double in a fixed order, so it is reproducible. */
  static double clip(List<Parameter> params, float c) {
    double sq = 0;
    for (Parameter p : params) for (float g : p.grad.data) sq += (double) g * g;
    double norm = Math.sqrt(sq);
    if (norm > c) {
      float scale = (float) (c / norm);
      for (Parameter p : params) {
        float[] g = p.grad.data;
        for (int i = 0; i < g.length; i++) g[i] *= scale;
      }
    }
    return norm;
  }

  /** Σ x·0 is 0 exactly when every x is finite (NaN or ±∞ times 0 is NaN), in any order; summed on the worker threads. */
  static boolean allFinite(float[] x) {
    var nonFinite = new java.util.concurrent.atomic.AtomicBoolean();
    latent.tensor.Parallel.forRange(x.length, x.length, (from, to) -> {
      if (!allFinite(x, from, to)) nonFinite.set(true);
    });
    return !nonFinite.get();
  }

  /** {@link #allFinite(float[])} over {@code x[from .. to)}, in four sums so that the adds overlap. */
  private static boolean allFinite(float[] x, int from, int to) {
    FloatVector a = FloatVector.zero(S), b = a, c = a, d = a;
    int i = from, n = S.length();
    for (; i <= to - 4 * n; i += 4 * n) {
      a = a.add(FloatVector.fromArray(S, x, i).mul(0f));
      b = b.add(FloatVector.fromArray(S, x, i + n).mul(0f));
      c = c.add(FloatVector.fromArray(S, x, i + 2 * n).mul(0f));
      d = d.add(FloatVector.fromArray(S, x, i + 3 * n).mul(0f));
    }
    float tail = 0f;
    for (; i < to; i++) tail += x[i] * 0f;
    return a.add(b).add(c).add(d).reduceLanes(jdk.incubator.vector.VectorOperators.ADD) + tail == 0f;
  }

  /** Throws {@link TrainingStopped} naming the first parameter with a NaN or infinite value, if any. */
  public static void requireFinite(List<Parameter> params, String what) {
    for (Parameter p : params) {
      if (!allFinite(p.value.data)) {
        throw TrainingStopped.diverged(what + ": parameter " + p.name + " holds NaN or infinite values; nothing was written");
      }
    }
  }

  /** True after {@code maxBadSteps} bad steps in a row. */
  public boolean tripped() {
    return consecutive >= settings.maxBadSteps();
  }

  public long badSteps() {
    return badSteps;
  }

  public long consecutiveBadSteps() {
    return consecutive;
  }

  public String lastProblem() {
    return lastProblem;
  }

  void restore(long badSteps, long consecutive) {
    this.badSteps = badSteps;
    this.consecutive = consecutive;
  }
}
