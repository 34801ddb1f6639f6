package latent.optim;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import latent.nn.Parameter;

/**
 * Adagrad (Duchi, Hazan and Singer 2011), AEVB's optimizer (Kingma and Welling 2013, §5):
 *
 * <pre>
 *   g ← ∇θ + λ θ
 *   G ← G + g²
 *   θ ← θ − η g / (√G + ε)
 * </pre>
 *
 * Defaults: ε = 1e-8 (AEVB does not state one), G starts at 0, λ = 0.
 */
public final class Adagrad implements Optimizer {
  public static final float DEFAULT_EPS = 1e-8f;
  private static final VectorSpecies<Float> S = latent.tensor.VectorWidth.FLOATS;

  private float lr;
  private final float eps;
  private final float weightDecay;
  private List<float[]> sumSquares;
  private long steps;

  public Adagrad(float lr, float weightDecay) {
    Updates.checkLearningRate(lr);
    this.lr = lr;
    this.eps = DEFAULT_EPS;
    this.weightDecay = weightDecay;
  }

  @Override
  public void step(List<Parameter> params) {
    if (sumSquares == null) sumSquares = Updates.allocate(params, 1, 0f);
    Updates.parallel(params, (k, from, to) -> {
      float[] th = params.get(k).value.data, g = params.get(k).grad.data, G = sumSquares.get(k);
      int i = from;
      for (; i <= to - S.length(); i += S.length()) {
        FloatVector t = FloatVector.fromArray(S, th, i);
        FloatVector gi = FloatVector.fromArray(S, g, i).add(t.mul(weightDecay));
        FloatVector acc = FloatVector.fromArray(S, G, i).add(gi.mul(gi));
        acc.intoArray(G, i);
        t.sub(gi.mul(lr).div(acc.sqrt().add(eps))).intoArray(th, i);
      }
      for (; i < to; i++) {
        float gi = g[i] + weightDecay * th[i];
        G[i] += gi * gi;
        th[i] -= lr * gi / ((float) Math.sqrt(G[i]) + eps);
      }
    });
    steps++;
  }

  @Override public float learningRate() { return lr; }
  @Override public void setLearningRate(float lr) { Updates.checkLearningRate(lr); this.lr = lr; }
  @Override public List<float[]> state() { return sumSquares == null ? List.of() : sumSquares; }
  @Override public long steps() { return steps; }

  @Override
  public void restore(List<Parameter> params, List<float[]> state, long steps) {
    this.sumSquares = Updates.restore(state, params, 1);
    this.steps = steps;
  }
}
