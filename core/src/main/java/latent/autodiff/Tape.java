package latent.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import latent.tensor.Tensor;

/**
 * The record of one forward pass, replayed backwards for gradients.
 *
 * <p>Call order per step: build the graph with ops on {@link Var}s made by {@link #constant}
 * and {@link #param}; call {@link #backward} on the scalar loss (or bound) once; read results;
 * then {@link #reset}. Intermediate tensors come from a pool owned by the tape and are reused
 * by the next step after {@code reset}, so a training step allocates nothing once warm: a
 * value needed after {@code reset} must be copied out first.
 */
public final class Tape {
  /** One recorded op: runs the chain rule for its output, given {@code out.grad()}. */
  @FunctionalInterface
  public interface Backward {
    void apply(Tensor gradOut);
  }

  private record Node(Var out, Backward backward) {}

  private final List<Node> nodes = new ArrayList<>();
  private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
  private final List<float[]> inUse = new ArrayList<>();
  /** Gradient buffers that hold no gradient yet, to be read as zeros ({@link #zeroLater}). */
  private final Set<float[]> unwritten = Collections.newSetFromMap(new IdentityHashMap<>());

  /** A value no gradient flows to (data, noise). */
  public Var constant(Tensor value) {
    return new Var(this, value, null, false);
  }

  /** A leaf that receives gradients into {@code grad}, which must have the value's shape. */
  public Var param(Tensor value, Tensor grad) {
    Tensor.requireSameShape(value, grad, "param");
    return new Var(this, value, grad, true);
  }

  /**
   * Records an op's output. The rule runs during {@link #backward} if a gradient reached the
   * output; it is dropped at once when no input requires a gradient.
   */
  public Var record(Tensor value, Backward backward, Var... inputs) {
    boolean needs = false;
    for (Var in : inputs) needs |= in.requiresGrad;
    Var out = new Var(this, value, null, needs);
    if (needs) nodes.add(new Node(out, backward));
    return out;
  }

  /** Seeds {@code ∂loss/∂loss = seed} on a {@code [1, 1]} value and applies every rule in reverse order. */
  public void backward(Var loss, float seed) {
    if (loss.value.size() != 1) throw new IllegalArgumentException("backward needs a scalar, got " + loss.value.shape());
    if (!loss.requiresGrad) return;
    loss.grad().data[0] += seed;
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node n = nodes.get(i);
      Tensor g = n.out.gradOrNull();
      if (g != null) n.backward.apply(g);
    }
    zeroUnwritten();
  }

  /**
   * Marks a parameter's gradient buffer as zero without filling it: the first rule that writes
   * all of it overwrites it ({@link Var#writeBeta}), others fill it first ({@link Var#grad}),
   * and {@link #backward} fills any no gradient reached. A training step's parameters took
   * a pass of 2.6 MB a step to zero (the default model), and their first products read it again.
   */
  public void zeroLater(Tensor grad) {
    unwritten.add(grad.data);
  }

  /** Whether {@code grad} was marked by {@link #zeroLater} and not written since; it no longer is after this call. */
  boolean takeUnwritten(Tensor grad) {
    return !unwritten.isEmpty() && unwritten.remove(grad.data);
  }

  private void zeroUnwritten() {
    for (float[] g : unwritten) java.util.Arrays.fill(g, 0f);
    unwritten.clear();
  }

  public void backward(Var loss) {
    backward(loss, 1f);
  }

  /** A pooled tensor whose contents are undefined: the caller overwrites every element. */
  public Tensor alloc(int rows, int cols) {
    int n = Math.multiplyExact(rows, cols);
    ArrayDeque<float[]> q = free.get(n);
    float[] a = q == null || q.isEmpty() ? new float[n] : q.pop();
    inUse.add(a);
    return new Tensor(rows, cols, a);
  }

  /**
   * Rows {@code from .. from+n-1} of {@code src}, copied into a pooled tensor: a dataset taken a
   * chunk at a time reuses one array for its chunks rather than allocating one each. A default
   * run's epoch-end evaluation copied MNIST's test set twice (about 52 MB an epoch); without the
   * copies a compiled run allocated 57 MB/s rather than 95, and its collections paused 74-166 ms
   * in all against 164-476 (five runs each, alternating).
   */
  public Tensor copyRows(Tensor src, int from, int n) {
    Tensor t = alloc(n, src.cols);
    System.arraycopy(src.data, from * src.cols, t.data, 0, n * src.cols);
    return t;
  }

  public Tensor allocZeroed(int rows, int cols) {
    Tensor t = alloc(rows, cols);
    t.fill(0f);
    return t;
  }

  /** Forgets the graph and returns every pooled tensor for reuse. */
  public void reset() {
    zeroUnwritten();
    nodes.clear();
    for (float[] a : inUse) free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
    inUse.clear();
  }
}
