package latent.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.function.IntConsumer;
import latent.data.Dataset;
import latent.model.ActiveUnits;
import latent.model.MutualInformation;
import latent.model.Vae;
import latent.objective.TestElbo;

/**
 * What {@code latent eval --k K} reports of a model on its test set, and writes to
 * {@code eval.json}: the test ELBO, the bounds L_k up to the log-likelihood estimate L_K
 * ({@link LogLikelihood}), each latent dimension's activity and KL ({@link ActiveUnits}), and,
 * with two stochastic layers, the activity of h2.
 *
 * @param images         test images evaluated
 * @param testElbo       the ELBO (estimator B) averaged over them
 * @param elboSamples    samples of z per image of that ELBO
 * @param ks             the k of each bound, ascending; the last is K
 * @param bounds         mean L_k for each k
 * @param activity       Cov_x(E_q[u|x]) per dimension of z (h1)
 * @param klPerDimension KL(q(u|x) ‖ N(0, 1)) averaged over the images, per dimension
 * @param activity2      the activity of h2's dimensions, or null with one stochastic layer
 * @param mutualInformation I_q(x; z) over the first {@value MutualInformation#EPOCH_POINTS} images, as {@code diagnostics.csv}
 *                       has it ({@link MutualInformation}; z is h1 with two stochastic layers)
 * @param seconds        wall time of the L_k pass
 */
public record Evaluation(int images, double testElbo, int elboSamples, int[] ks, double[] bounds, double[] activity, double[] klPerDimension,
                         double[] activity2, double mutualInformation, double seconds) {
  /**
   * Evaluates {@code vae} on {@code test} (as scored: binarized where training binarizes) with
   * the noise seeded by {@code testSeed}; {@code done} hears how many images are finished.
   */
  public static Evaluation of(Vae vae, Dataset test, int[] ks, int elboSamples, long testSeed, IntConsumer done) {
    long start = System.nanoTime();
    LogLikelihood.Result r = LogLikelihood.evaluate(vae, test, ks, testSeed, done);
    double seconds = (System.nanoTime() - start) / 1e9;
    // after L_k, not before: the same code then runs compiled, where first it ran in the interpreter for a second
    double elbo = TestElbo.evaluate(vae, test, elboSamples, testSeed);
    return new Evaluation(test.size(), elbo, elboSamples, r.ks(), r.meanBounds(), ActiveUnits.activity(r.loc()),
        ActiveUnits.klPerDimension(r.loc(), r.logVar()), vae.encoder2 == null ? null : ActiveUnits.secondLayerActivity(vae, r.loc()),
        MutualInformation.ofFirst(r.loc(), r.logVar(), testSeed), seconds);
  }

  /** L_K, the log-likelihood estimate: the bound of the largest k. */
  public double logLikelihood() {
    return bounds[bounds.length - 1];
  }

  public int activeUnits() {
    return ActiveUnits.count(activity);
  }

  /** Active units of h2, or −1 with one stochastic layer. */
  public int activeUnits2() {
    return activity2 == null ? -1 : ActiveUnits.count(activity2);
  }

  /** eval.json: every number above, the bounds under "L_k" keys. */
  public String toJson() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("images", images);
    root.put("testElbo", testElbo);
    ObjectNode b = root.putObject("bounds");
    for (int i = 0; i < ks.length; i++) b.put("L_" + ks[i], bounds[i]);
    root.put("logLikelihood", logLikelihood());
    root.put("activeUnits", activeUnits());
    Arrays.stream(activity).forEach(root.putArray("activity")::add);
    Arrays.stream(klPerDimension).forEach(root.putArray("klPerDimension")::add);
    if (activity2 != null) {
      root.put("activeUnits2", activeUnits2());
      Arrays.stream(activity2).forEach(root.putArray("activity2")::add);
    }
    root.put("mutualInformation", mutualInformation);
    root.put("seconds", seconds);
    return root.toPrettyString() + "\n";
  }
}
