package latent.distributions;

import java.util.random.RandomGenerator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import latent.autodiff.Tape;
import latent.autodiff.Var;
import latent.tensor.Kernels;
import latent.tensor.Tensor;

/**
 * Independent Bernoulli variables per row with {@code logits} l = log(p / (1 − p)),
 * {@code [n, d]}; the decoder for binary data.
 *
 * <pre>
 *   logProb:  log p(x) = Σ_j [ x_j l_j − softplus(l_j) ]      (= Σ_j x_j log p_j + (1 − x_j) log(1 − p_j))
 *   gradient: ∂l_j = g (x_j − σ(l_j))
 * </pre>
 *
 * softplus(l) = max(l, 0) + log(1 + e^(−|l|)) never overflows, so logits of any size are
 * exact where the probability form would take log 0. Also valid for x in [0, 1] (the
 * "continuous Bernoulli" cross-entropy without its normaliser).
 */
public final class Bernoulli implements Observation {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  public final Var logits;

  public Bernoulli(Var logits) {
    this.logits = logits;
  }

  /** p = σ(l), without gradient. */
  @Override
  public Tensor mean() {
    Tensor p = Tensor.zeros(logits.rows(), logits.cols());
    Kernels.sigmoid(logits.value.data, p.data, p.size());
    return p;
  }

  public Tensor sample(RandomGenerator rng) {
    Tensor p = mean();
    for (int i = 0; i < p.size(); i++) p.data[i] = rng.nextFloat() < p.data[i] ? 1f : 0f;
    return p;
  }

  /** log p(x) per row, {@code [n, 1]}; x has the logits' shape and no gradient. */
  @Override
  public Var logProb(Tensor x) {
    Tensor.requireSameShape(logits.value, x, "Bernoulli.logProb");
    Tape tape = logits.tape();
    int n = x.rows, d = x.cols;
    float[] l = logits.value.data, xs = x.data;
    Tensor out = tape.alloc(n, 1);
    for (int i = 0; i < n; i++) {
      int row = i * d;
      FloatVector acc = FloatVector.zero(S);
      int j = 0;
      for (; j < S.loopBound(d); j += S.length()) {
        FloatVector lv = FloatVector.fromArray(S, l, row + j);
        acc = acc.add(FloatVector.fromArray(S, xs, row + j).mul(lv).sub(Kernels.softplus(lv)));
      }
      if (j < d) {
        var m = S.indexInRange(j, d);
        FloatVector lv = FloatVector.fromArray(S, l, row + j, m);
        acc = acc.add(FloatVector.fromArray(S, xs, row + j, m).mul(lv).sub(Kernels.softplus(lv)), m);
      }
      out.data[i] = acc.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
    return tape.record(out, g -> {
      float[] gl = logits.grad().data;
      for (int i = 0; i < n; i++) {
        int row = i * d;
        FloatVector gi = FloatVector.broadcast(S, g.data[i]);
        int j = 0;
        for (; j < S.loopBound(d); j += S.length()) {
          FloatVector sig = Kernels.sigmoid(FloatVector.fromArray(S, l, row + j));
          FloatVector delta = FloatVector.fromArray(S, xs, row + j).sub(sig).mul(gi);
          FloatVector.fromArray(S, gl, row + j).add(delta).intoArray(gl, row + j);
        }
        if (j < d) {
          var m = S.indexInRange(j, d);
          FloatVector sig = Kernels.sigmoid(FloatVector.fromArray(S, l, row + j, m));
          FloatVector delta = FloatVector.fromArray(S, xs, row + j, m).sub(sig).mul(gi);
          FloatVector.fromArray(S, gl, row + j, m).add(delta).intoArray(gl, row + j, m);
        }
      }
    }, logits);
  }
}
