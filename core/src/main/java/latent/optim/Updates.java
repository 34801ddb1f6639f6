package latent.optim;

import java.util.ArrayList;
import java.util.List;
import latent.nn.Parameter;

/** Shared bookkeeping: state arrays allocated on the first step, one per parameter and slot. */
final class Updates {
  private Updates() {}

  static List<float[]> allocate(List<Parameter> params, int slots, float initial) {
    List<float[]> state = new ArrayList<>();
    for (Parameter p : params) {
      for (int s = 0; s < slots; s++) {
        float[] a = new float[p.size()];
        if (initial != 0f) java.util.Arrays.fill(a, initial);
        state.add(a);
      }
    }
    return state;
  }

  /** An elementwise update of parameter {@code k} over indices {@code [from, to)}. */
  @FunctionalInterface
  interface RangeUpdate {
    void apply(int k, int from, int to);
  }

  private static final int ALIGN = latent.tensor.VectorWidth.LANES_512;

  /**
   * Applies an elementwise update to every parameter, each split over the worker threads in
   * ranges aligned to {@value #ALIGN} values (whole vectors of either width); the result does not
   * depend on the split.
   */
  static void parallel(List<Parameter> params, RangeUpdate update) {
    long total = 0;
    for (Parameter p : params) total += p.size();
    int parts = total < (1 << 16) ? 1 : latent.tensor.Parallel.threads();
    latent.tensor.Parallel.run(parts, t -> {
      for (int k = 0; k < params.size(); k++) {
        int n = params.get(k).size();
        int from = latent.tensor.Parallel.share(n / ALIGN, parts, t) * ALIGN;
        int to = t == parts - 1 ? n : latent.tensor.Parallel.share(n / ALIGN, parts, t + 1) * ALIGN;
        if (from < to) update.apply(k, from, to);
      }
    });
  }

  /**
   * The state to continue from: null (allocated at the next step) when {@code saved} is empty,
   * else copies of the saved arrays, checked to match the parameters' sizes slot by slot.
   */
  static List<float[]> restore(List<float[]> saved, List<Parameter> params, int slots) {
    if (saved.isEmpty()) return null;
    if (saved.size() != params.size() * slots) {
      throw new latent.InputException("optimizer state: " + saved.size() + " arrays, expected " + params.size() * slots);
    }
    List<float[]> copy = new ArrayList<>();
    for (int i = 0; i < saved.size(); i++) {
      if (saved.get(i).length != params.get(i / slots).size()) {
        throw new latent.InputException("optimizer state of " + params.get(i / slots).name + ": " + saved.get(i).length
            + " values, expected " + params.get(i / slots).size());
      }
      copy.add(saved.get(i).clone());
    }
    return copy;
  }

  static void checkLearningRate(float lr) {
    latent.InvalidSetting.require(lr > 0 && Float.isFinite(lr), "learningRate", "expected a positive number, got " + lr);
  }
}
