package latent.nn;

import java.util.List;

/** Anything with trainable parameters, listed in a fixed order (the order of checkpoints). */
public interface Module {
  List<Parameter> parameters();

  default void zeroGrad() {
    for (Parameter p : parameters()) p.zeroGrad();
  }

  default long parameterCount() {
    long n = 0;
    for (Parameter p : parameters()) n += p.size();
    return n;
  }
}
