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

  static void checkLearningRate(float lr) {
    if (!(lr > 0) || !Float.isFinite(lr)) throw new latent.InputException("--lr: expected a positive number, got " + lr);
  }
}
