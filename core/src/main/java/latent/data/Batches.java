package latent.data;

import java.util.random.RandomGenerator;
import latent.InputException;
import latent.random.Xoshiro256;
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
 *
 * <p><b>The order of an epoch.</b> Up to {@value #PERMUTATION_MAX_ROWS} examples (64 MiB of
 * indices) it is a uniformly random permutation of all of them, drawn from the generator and kept
 * (4 bytes per example, in memory and in every checkpoint). Larger data are ordered by a
 * <em>block shuffle</em>, whose memory does not grow with the data and whose reads of a mapped
 * file stay local:
 *
 * <pre>
 *   blocks:  B = max(1, ⌊{@value #BLOCK_BYTES} / (4·dim)⌋) consecutive examples each (1 MiB of float32), the last one partial
 *   epoch:   s ← rng.nextLong();  the blocks in a random order π (Fisher–Yates with Xoshiro256(s))
 *   windows: W = {@value #WINDOW_BLOCKS} blocks at a time in π's order; window w's examples in a random order
 *            (Fisher–Yates with Xoshiro256(s).split(w + 1))
 * </pre>
 *
 * Each epoch still visits every example once; an example's neighbours in a batch come from the
 * W blocks of its window (W·B examples, 32 MiB of float32). The state is the epoch's seed s and
 * π (4 bytes per block); the window's order is drawn again on resume. Which order is used depends
 * on the number of examples alone, so data held in memory and the same data mapped from a file
 * train alike, bit for bit.
 */
public final class Batches {
  /** The most examples ordered by a kept permutation; more are ordered by blocks. */
  public static final int PERMUTATION_MAX_ROWS = 1 << 24;
  /** Bytes of float32 values per block of the block shuffle. */
  static final int BLOCK_BYTES = 1 << 20;
  /** Blocks per window of the block shuffle. */
  static final int WINDOW_BLOCKS = 32;

  /** How an epoch orders the examples (see the class comment). */
  public enum Order {
    PERMUTATION, BLOCKS;

    /** The order used for {@code n} examples. */
    public static Order of(int n) {
      return n <= PERMUTATION_MAX_ROWS ? PERMUTATION : BLOCKS;
    }
  }

  private final Dataset data;
  private final int batchSize;
  private final RandomGenerator rng;
  private final Binarization binarization;
  private final boolean dropLast;
  private final int examplesPerEpoch;
  private final Order orderKind;
  private final int[] order;          // the epoch's permutation of examples, or of blocks
  private final int blockRows;        // examples per block (block shuffle)
  private long epochSeed;             // s (block shuffle)
  private int[] window = new int[0];  // the current window's examples in their order (block shuffle)
  private int windowStart, windowEnd; // positions in the epoch that the window covers
  private final int[] lastIndices;
  private final int[] rowStarts;      // where each row of the batch starts in the source array
  private final long[] words;         // the batch's draws (dynamic binarization)
  private final float[] mappedRows;   // the batch's rows read from the mapping, to be binarized (mapped data)
  private int epoch;
  private int position;

  /**
   * The position of an iteration: the epoch being drawn, how many examples of it have been
   * drawn, the epoch's permutation (of examples, or of blocks for the block shuffle) and the
   * epoch's seed (block shuffle; 0 otherwise).
   */
  public record State(int epoch, int position, int[] permutation, long seed) {
    public State(int epoch, int position, int[] permutation) {
      this(epoch, position, permutation, 0);
    }
  }

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
    this(data, batchSize, rng, binarization, dropLast,
        Order.of(data.size()) == Order.PERMUTATION ? 0 : Math.max(1, BLOCK_BYTES / (4 * data.dim())));
  }

  /**
   * As above, with the order given rather than chosen by size: {@code blockRows} examples a
   * block for the block shuffle, 0 for a permutation (tests of the block shuffle on small data).
   */
  public Batches(Dataset data, int batchSize, RandomGenerator rng, Binarization binarization, boolean dropLast, int blockRows) {
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
    this.orderKind = blockRows == 0 ? Order.PERMUTATION : Order.BLOCKS;
    this.blockRows = blockRows;
    this.order = orderKind == Order.PERMUTATION ? new int[data.size()] : new int[(data.size() + blockRows - 1) / blockRows];
    for (int i = 0; i < order.length; i++) order[i] = i;
    this.lastIndices = new int[batchSize];
    this.rowStarts = new int[batchSize];
    this.words = new long[binarization == Binarization.DYNAMIC ? batchSize * ((data.dim() + 1) / 2) : 0];
    this.mappedRows = new float[data.isMapped() && binarization == Binarization.DYNAMIC ? batchSize * data.dim() : 0];
    shuffle();
  }

  /** A new epoch's order: the permutation shuffled, or a new seed s and block order π. */
  private void shuffle() {
    if (orderKind == Order.PERMUTATION) {
      Dataset.shuffle(order, rng);
      return;
    }
    epochSeed = rng.nextLong();
    Dataset.shuffle(order, new Xoshiro256(epochSeed));
    windowStart = windowEnd = 0;
  }

  /** Example {@code p} of the epoch's order. */
  private int example(int p) {
    if (orderKind == Order.PERMUTATION) return order[p];
    if (p >= windowEnd) openWindow(p);
    return window[p - windowStart];
  }

  /** The block shuffle's window holding epoch position {@code p}, its examples in their order. */
  private void openWindow(int p) {
    int start = 0, w = 0;
    while (true) {
      int size = 0;
      for (int b = w * WINDOW_BLOCKS; b < Math.min((w + 1) * WINDOW_BLOCKS, order.length); b++) size += blockSize(order[b]);
      if (p < start + size) {
        window = new int[size];
        int k = 0;
        for (int b = w * WINDOW_BLOCKS; b < Math.min((w + 1) * WINDOW_BLOCKS, order.length); b++) {
          for (int i = 0; i < blockSize(order[b]); i++) window[k++] = order[b] * blockRows + i;
        }
        Dataset.shuffle(window, new Xoshiro256(epochSeed).split(w + 1));
        windowStart = start;
        windowEnd = start + size;
        return;
      }
      start += size;
      w++;
    }
  }

  private int blockSize(int block) {
    return Math.min(blockRows, data.size() - block * blockRows);
  }

  /**
   * Fills the first rows of {@code out} ({@code [batchSize, dim]}) with the next examples and
   * returns how many rows were filled: {@code batchSize}, or fewer for the last batch of an
   * epoch (never with {@code dropLast}). Rows past the returned count are left as they were.
   * If the previous call ended an epoch, this one first starts the next epoch and reshuffles.
   * Allocates no arrays: the draws (and rows read from a mapping) go through buffers made once.
   */
  public int next(Tensor out) {
    if (out.rows != batchSize || out.cols != data.dim()) {
      throw new IllegalArgumentException("batch tensor is " + out.shape() + ", expected [" + batchSize + ", " + data.dim() + "]");
    }
    if (epochDone()) {
      epoch++;
      position = 0;
      shuffle();
    }
    int rows = Math.min(batchSize, examplesPerEpoch - position);
    int dim = data.dim();
    boolean dynamic = binarization == Binarization.DYNAMIC;
    // a mapped row is read straight into the batch, or beside it when it is to be binarized
    float[] src = !data.isMapped() ? data.x().data : dynamic ? mappedRows : out.data;
    for (int r = 0; r < rows; r++) {
      lastIndices[r] = example(position + r);
      rowStarts[r] = (data.isMapped() ? r : lastIndices[r]) * dim;
      if (data.isMapped()) data.copyRow(lastIndices[r], src, r * dim);
    }
    position += rows;
    if (dynamic) {
      Binarization.sampleRows(src, rowStarts, rows, dim, out.data, rng, words);
    } else if (src != out.data) {
      for (int r = 0; r < rows; r++) System.arraycopy(src, rowStarts[r], out.data, r * dim, dim);
    }
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

  /** How epochs are ordered. */
  public Order order() {
    return orderKind;
  }

  /** A copy of the current position and permutation, for a checkpoint. */
  public State state() {
    return new State(epoch, position, order.clone(), orderKind == Order.BLOCKS ? epochSeed : 0);
  }

  /**
   * Continues from a saved {@link State}. The generator passed to the constructor must be
   * restored to its state saved at the same moment, or later shuffles and draws will differ.
   */
  public void restore(State s) {
    int n = order.length;
    int[] p = s.permutation();
    if (p.length != n) {
      throw new InputException("batch state: permutation of " + p.length + (orderKind == Order.BLOCKS ? " blocks" : " examples")
          + ", the dataset " + data.name() + " has " + n);
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
    epochSeed = s.seed();
    windowStart = windowEnd = 0;   // the window is drawn again from s when next needed
  }

  private static void requireBinary(Dataset data) {
    if (!data.isBinary()) {
      throw new IllegalArgumentException(data.name() + ": FIXED binarization needs a binary dataset; make it with Binarization.binarizeOnce");
    }
  }
}
