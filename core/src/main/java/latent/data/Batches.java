package latent.data;

import java.util.random.RandomGenerator;
import latent.InputException;
import latent.tensor.Tensor;

/**
 * Minibatches for training: each epoch visits the examples of a {@link Dataset} in a fresh
 * random order (Fisher–Yates shuffle at the start of every epoch), {@code batchSize} at a time.
 *
 * <p>Call order: {@link #next(Tensor)} fills a caller-owned {@code [batchSize, dim]} tensor and
 * returns how many rows it filled; when {@link #epochDone()} turns true the epoch is over and
 * the following {@code next} starts the next epoch (reshuffling first):
 *
 * <pre>{@code
 * Tensor x = Tensor.zeros(batches.batchSize(), batches.dim());
 * do {
 *   int rows = batches.next(x);   // rows ≤ batchSize; rows beyond it keep stale values
 *   ...
 * } while (!batches.epochDone());
 * }</pre>
 *
 * <p>With {@code n} examples an epoch has {@code ⌈n / batchSize⌉} batches, and its last batch
 * holds {@code n mod batchSize} rows when that is not zero. With {@code dropLast} the partial
 * batch is skipped instead (those examples are unseen that epoch; the shuffle picks different
 * ones next time), and every batch is full: {@code ⌊n / batchSize⌋} batches per epoch.
 *
 * <p>The values written depend on the {@link Binarization}: {@code DYNAMIC} draws every pixel
 * afresh from {@code Bernoulli(p)} at each call (see {@link Binarization#sample}); {@code NONE}
 * and {@code FIXED} copy the values (for {@code FIXED} pass a dataset made by
 * {@link Binarization#binarizeOnce}, which the constructor checks is binary).
 *
 * <p>The generator drives both the shuffles and the dynamic draws. To resume a run exactly,
 * save {@link #state()} together with the generator's own state (e.g.
 * {@code Xoshiro256.state()}), and on resume {@link #restore} both.
 */
public final class Batches {
  private final Dataset data;
  private final int batchSize;
  private final RandomGenerator rng;
  private final Binarization binarization;
  private final boolean dropLast;
  private final int examplesPerEpoch;
  private final int[] order;
  private final int[] lastIndices;
  private int epoch;
  private int position;

  /**
   * The position of an iteration: the epoch being drawn, how many examples of it have been
   * drawn, and the epoch's order of examples.
   */
  public record State(int epoch, int position, int[] permutation) {}

  /** Keeps the last partial batch of each epoch (no examples dropped). */
  public Batches(Dataset data, int batchSize, RandomGenerator rng, Binarization binarization) {
    this(data, batchSize, rng, binarization, false);
  }

  /**
   * Shuffles for epoch 0 at once, using {@code rng}.
   *
   * @param dropLast skip the last batch of an epoch when it would be partial
   */
  public Batches(Dataset data, int batchSize, RandomGenerator rng, Binarization binarization, boolean dropLast) {
    if (batchSize < 1) throw new InputException("batch size " + batchSize + ": expected at least 1");
    if (data.size() == 0) throw new InputException(data.name() + ": no examples to train on");
    if (dropLast && batchSize > data.size()) {
      throw new InputException("batch size " + batchSize + ": larger than the " + data.size() + " examples of "
          + data.name() + ", and the last partial batch is dropped, so no batch would remain");
    }
    if (binarization == Binarization.FIXED) requireBinary(data);
    this.data = data;
    this.batchSize = batchSize;
    this.rng = rng;
    this.binarization = binarization;
    this.dropLast = dropLast;
    this.examplesPerEpoch = dropLast ? data.size() / batchSize * batchSize : data.size();
    this.order = Dataset.permutation(data.size(), rng);
    this.lastIndices = new int[batchSize];
  }

  /**
   * Fills the first rows of {@code out} ({@code [batchSize, dim]}) with the next examples and
   * returns how many rows were filled: {@code batchSize}, or fewer for the last batch of an
   * epoch (never with {@code dropLast}). Rows past the returned count are left as they were.
   * If the previous call ended an epoch, this one first starts the next epoch and reshuffles.
   * Allocates nothing.
   */
  public int next(Tensor out) {
    if (out.rows != batchSize || out.cols != data.dim()) {
      throw new IllegalArgumentException("batch tensor is " + out.shape() + ", expected [" + batchSize + ", " + data.dim() + "]");
    }
    if (epochDone()) {
      epoch++;
      position = 0;
      Dataset.shuffle(order, rng);
    }
    int rows = Math.min(batchSize, examplesPerEpoch - position);
    int dim = data.dim();
    float[] src = data.x().data;
    for (int r = 0; r < rows; r++) {
      int i = order[position + r];
      lastIndices[r] = i;
      if (binarization == Binarization.DYNAMIC) {
        Binarization.sample(src, i * dim, out.data, r * dim, dim, rng);
      } else {
        System.arraycopy(src, i * dim, out.data, r * dim, dim);
      }
    }
    position += rows;
    return rows;
  }

  /** True when the current epoch has no batch left; the next {@link #next} starts a new epoch. */
  public boolean epochDone() {
    return position >= examplesPerEpoch;
  }

  /** The epoch being drawn, counted from 0. */
  public int epoch() {
    return epoch;
  }

  /** How many examples of the current epoch have been drawn so far. */
  public int position() {
    return position;
  }

  /** The dataset index of row {@code row} of the last batch returned by {@link #next}. */
  public int exampleIndex(int row) {
    return lastIndices[row];
  }

  /** Batches per epoch: {@code ⌈n / batchSize⌉}, or {@code ⌊n / batchSize⌋} with dropLast. */
  public int batchesPerEpoch() {
    return (examplesPerEpoch + batchSize - 1) / batchSize;
  }

  /** Examples drawn per epoch: {@code n}, or {@code n} rounded down to full batches with dropLast. */
  public int examplesPerEpoch() {
    return examplesPerEpoch;
  }

  public int batchSize() {
    return batchSize;
  }

  public int dim() {
    return data.dim();
  }

  public Dataset dataset() {
    return data;
  }

  public Binarization binarization() {
    return binarization;
  }

  /** A copy of the current position and permutation, for a checkpoint. */
  public State state() {
    return new State(epoch, position, order.clone());
  }

  /**
   * Continues from a saved {@link State}. The generator passed to the constructor must be
   * restored to its state saved at the same moment, or later shuffles and draws will differ.
   */
  public void restore(State s) {
    int n = data.size();
    int[] p = s.permutation();
    if (p.length != n) {
      throw new InputException("batch state: permutation of " + p.length + " examples, the dataset " + data.name() + " has " + n);
    }
    boolean[] seen = new boolean[n];
    for (int i : p) {
      if (i < 0 || i >= n || seen[i]) throw new InputException("batch state: permutation is not a permutation of 0.." + (n - 1));
      seen[i] = true;
    }
    if (s.epoch() < 0 || s.position() < 0 || s.position() > examplesPerEpoch) {
      throw new InputException("batch state: epoch " + s.epoch() + ", position " + s.position() + " out of range (0.." + examplesPerEpoch + ")");
    }
    System.arraycopy(p, 0, order, 0, n);
    epoch = s.epoch();
    position = s.position();
  }

  private static void requireBinary(Dataset data) {
    if (!data.isBinary()) {
      throw new IllegalArgumentException(data.name() + ": FIXED binarization needs a binary dataset; make it with Binarization.binarizeOnce");
    }
  }
}
