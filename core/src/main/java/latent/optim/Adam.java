package latent.optim;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import latent.nn.Parameter;
import latent.tensor.VectorWidth;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1):
 *
 * <pre>
 *   g ← ∇θ + λ θ
 *   m ← β₁ m + (1 − β₁) g          v ← β₂ v + (1 − β₂) g²
 *   m̂ = m / (1 − β₁ᵗ)               v̂ = v / (1 − β₂ᵗ)
 *   θ ← θ − η m̂ / (√v̂ + ε)
 * </pre>
 *
 * Defaults from the paper: β₁ = 0.9, β₂ = 0.999, ε = 1e-8; the IWAE recipe uses ε = 1e-4.
 * Moments start at zero (the IWAE authors' code starts v at one; we follow the paper).
 */
public final class Adam implements Optimizer {
  public static final float DEFAULT_BETA1 = 0.9f;
  public static final float DEFAULT_BETA2 = 0.999f;
  public static final float DEFAULT_EPS = 1e-8f;
  /**
   * The machine's width ({@link VectorWidth}), the last vector masked to the values
   * that 8-lane vectors would take: the scalar loop rounds the v-update as ((1 − β₂) g) g where
   * the vectors round (g g)(1 − β₂), so each value must take the same path at 512 bits as at 256,
   * where the last (n mod 8) take the scalar loop.
   */
  private static final VectorSpecies<Float> S = VectorWidth.FLOATS;

  private float lr;
  private final float beta1;
  private final float beta2;
  private final float eps;
  private final float weightDecay;
  private List<float[]> moments;   // m₀, v₀, m₁, v₁, ...
  private long steps;

  public Adam(float lr, float beta1, float beta2, float eps, float weightDecay) {
    Updates.checkLearningRate(lr);
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  public Adam(float lr) {
    this(lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, 0f);
  }

  @Override
  public void step(List<Parameter> params) {
    if (moments == null) moments = Updates.allocate(params, 2, 0f);
    steps++;
    float c1 = (float) (1 - Math.pow(beta1, steps));
    float c2 = (float) (1 - Math.pow(beta2, steps));
    // θ ← θ − (η / c1) m / (√(v / c2) + ε)
    float stepSize = lr / c1;
    float invC2 = 1f / c2;
    Updates.parallel(params, (k, from, to) -> {
      float[] th = params.get(k).value.data, g = params.get(k).grad.data;
      float[] m = moments.get(2 * k), v = moments.get(2 * k + 1);
      int end = to - (to - from) % VectorWidth.LANES_256, i = from;   // from: a multiple of LANES_512 (Updates)
      for (; i <= end - S.length(); i += S.length()) {
        FloatVector t = FloatVector.fromArray(S, th, i);
        FloatVector gi = FloatVector.fromArray(S, g, i).add(t.mul(weightDecay));
        FloatVector mi = FloatVector.fromArray(S, m, i).mul(beta1).add(gi.mul(1 - beta1));
        FloatVector vi = FloatVector.fromArray(S, v, i).mul(beta2).add(gi.mul(gi).mul(1 - beta2));
        mi.intoArray(m, i);
        vi.intoArray(v, i);
        t.sub(mi.mul(stepSize).div(vi.mul(invC2).sqrt().add(eps))).intoArray(th, i);
      }
      // the same update on the last 8 values at 512 bits, masked: written out again because a
      // mask in the loop above, or one method for both, made the update of the IWAE model's
      // parameters twice as slow (the vectors' lanes then compute alike: the same bits)
      if (i < end) {
        VectorMask<Float> in = S.indexInRange(i, end);
        FloatVector t = FloatVector.fromArray(S, th, i, in);
        FloatVector gi = FloatVector.fromArray(S, g, i, in).add(t.mul(weightDecay));
        FloatVector mi = FloatVector.fromArray(S, m, i, in).mul(beta1).add(gi.mul(1 - beta1));
        FloatVector vi = FloatVector.fromArray(S, v, i, in).mul(beta2).add(gi.mul(gi).mul(1 - beta2));
        mi.intoArray(m, i, in);
        vi.intoArray(v, i, in);
        t.sub(mi.mul(stepSize).div(vi.mul(invC2).sqrt().add(eps))).intoArray(th, i, in);
      }
      for (i = end; i < to; i++) {
        float gi = g[i] + weightDecay * th[i];
        m[i] = beta1 * m[i] + (1 - beta1) * gi;
        v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
        th[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i] * invC2) + eps);
      }
    });
  }

  @Override public float learningRate() { return lr; }
  @Override public void setLearningRate(float lr) { Updates.checkLearningRate(lr); this.lr = lr; }
  @Override public List<float[]> state() { return moments == null ? List.of() : moments; }
  @Override public long steps() { return steps; }

  @Override
  public void restore(List<Parameter> params, List<float[]> state, long steps) {
    this.moments = Updates.restore(state, params, 2);
    this.steps = steps;
  }
}
