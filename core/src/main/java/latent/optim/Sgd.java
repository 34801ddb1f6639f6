package latent.optim;

import java.util.List;
import latent.nn.Parameter;

/**
 * Stochastic gradient descent with momentum, in PyTorch's form (Sutskever et al. 2013 without
 * the Nesterov look-ahead):
 *
 * <pre>
 *   g ← ∇θ + λ θ
 *   v ← μ v + g
 *   θ ← θ − η v
 * </pre>
 *
 * Defaults: μ = 0 (plain SGD), λ = 0.
 */
public final class Sgd implements Optimizer {
  public static final float DEFAULT_MOMENTUM = 0f;

  private float lr;
  private final float momentum;
  private final float weightDecay;
  private List<float[]> velocity;
  private long steps;

  public Sgd(float lr, float momentum, float weightDecay) {
    Updates.checkLearningRate(lr);
    this.lr = lr;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
  }

  @Override
  public void step(List<Parameter> params) {
    if (velocity == null) velocity = Updates.allocate(params, 1, 0f);
    for (int k = 0; k < params.size(); k++) {
      float[] th = params.get(k).value.data, g = params.get(k).grad.data, v = velocity.get(k);
      for (int i = 0; i < th.length; i++) {
        float gi = g[i] + weightDecay * th[i];
        v[i] = momentum * v[i] + gi;
        th[i] -= lr * v[i];
      }
    }
    steps++;
  }

  @Override public float learningRate() { return lr; }
  @Override public void setLearningRate(float lr) { Updates.checkLearningRate(lr); this.lr = lr; }
  @Override public List<float[]> state() { return velocity == null ? List.of() : velocity; }
  @Override public long steps() { return steps; }

  @Override
  public void restore(List<Parameter> params, List<float[]> state, long steps) {
    this.velocity = Updates.restore(state, params, 1);
    this.steps = steps;
  }
}
