package latent.train;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import latent.InputException;
import latent.data.Batches;
import latent.io.SafeTensors;
import latent.nn.Parameter;
import latent.optim.Optimizer;
import latent.random.Xoshiro256;

/**
 * Where a training run stands between two steps: the counters of the loop, and how to save and
 * restore everything a step depends on so that a resumed run continues bit for bit:
 *
 * <ul>
 *   <li>the parameters θ, φ (tensors named as in {@code model.safetensors});</li>
 *   <li>the optimizer's per-parameter state ({@code optimizer.NAME.SLOT}: Adam's m and v,
 *       Adagrad's G, SGD's velocity) and its step count t (Adam's bias correction);</li>
 *   <li>the states of the data and noise generators (xoshiro256++, four words each);</li>
 *   <li>the position in the data order: epoch, examples drawn, and the epoch's permutation
 *       ({@code data.permutation}, int32; of blocks for the block shuffle of large data, whose
 *       epoch seed is {@code batches_seed});</li>
 *   <li>the loop's counters and running sums, the guard's bad-step counts, the metrics rows so
 *       far, and a SHA-256 of {@code config.json}, so a checkpoint cannot resume another run.</li>
 * </ul>
 *
 * Numbers are written in metadata as Java's shortest round-tripping decimal
 * ({@link Double#toString}), so sums restore exactly.
 */
public final class TrainingState {
  static final String FORMAT = "latent-training-checkpoint-1";

  /** The epoch being trained, from 1. */
  int epoch = 1;
  long images;
  long steps;
  /** Images drawn in the current epoch; 0 when the epoch has not started. */
  long epochImages;
  /** Σ bound·rows over the epoch's steps that were not skipped, and those rows. */
  double boundSum;
  double objectiveSum;
  long boundRows;
  /** The test ELBO of the last finished epoch; NaN before the first ends (written as an empty value, never as NaN). */
  double testElbo = Double.NaN;
  /** Early stopping: the best validation ELBO so far (NaN: none yet) and its epoch. */
  double bestValidation = Double.NaN;
  int bestEpoch;
  /** Seconds of training before this session, in total and in the current epoch (wall clock, reported only). */
  double secondsBefore;
  double epochSecondsBefore;
  /** When this session's clocks started (System.nanoTime, not saved). */
  private long startNanos = System.nanoTime();
  private long epochStartNanos = startNanos;

  /** Starts this session's clocks, continuing the saved seconds. */
  void startClock() {
    long now = System.nanoTime();
    startNanos = now - (long) (secondsBefore * 1e9);
    epochStartNanos = now - (long) (epochSecondsBefore * 1e9);
  }

  /** Seconds of training in all sessions. */
  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Seconds of training in the current epoch. */
  double epochSeconds() {
    return (System.nanoTime() - epochStartNanos) / 1e9;
  }

  void afterStep(int rows, double bound, double objective, boolean skipped) {
    images += rows;
    epochImages += rows;
    steps++;
    if (!skipped) {
      boundSum += bound * rows;
      objectiveSum += objective * rows;
      boundRows += rows;
    }
  }

  /** The epoch being trained, from 1. */
  public int epoch() {
    return epoch;
  }

  /** Steps taken (skipped ones included). */
  public long steps() {
    return steps;
  }

  /** Training images seen. */
  public long images() {
    return images;
  }

  /** Images drawn in the current epoch. */
  public long epochImages() {
    return epochImages;
  }

  /** The epoch's mean bound over the steps not skipped (NaN when all were). */
  public double trainBound() {
    return boundRows == 0 ? Double.NaN : boundSum / boundRows;
  }

  /** The epoch's mean trained objective over the steps not skipped: the bound, or what a KL recipe made of it. */
  public double trainedObjective() {
    return boundRows == 0 ? Double.NaN : objectiveSum / boundRows;
  }

  /** Ends the epoch, whose test ELBO was {@code testElbo} (NaN: not evaluated). */
  public void endEpoch(double testElbo) {
    this.testElbo = testElbo;
    epoch++;
    epochImages = 0;
    boundSum = 0;
    objectiveSum = 0;
    boundRows = 0;
    epochStartNanos = System.nanoTime();
  }

  /**
   * The objects a checkpoint is taken from and restored into: {@code params} are what the
   * optimizer updates (the model's, then any an estimator owns); {@code running} is state an
   * estimator keeps outside them (a moving-average baseline), saved and restored by name.
   */
  record Parts(List<Parameter> params, Optimizer optimizer, Xoshiro256 dataRng, Xoshiro256 noiseRng, Batches batches,
               NumericalGuard guard, List<Parameter> running) {
    Parts(List<Parameter> params, Optimizer optimizer, Xoshiro256 dataRng, Xoshiro256 noiseRng, Batches batches, NumericalGuard guard) {
      this(params, optimizer, dataRng, noiseRng, batches, guard, List.of());
    }
  }

  SafeTensors.Contents save(Parts p, String configSha, String metricsCsv) {
    List<SafeTensors.Tensor> tensors = new ArrayList<>();
    for (Parameter q : p.params()) tensors.add(SafeTensors.Tensor.matrix(q.name, q.value.rows, q.value.cols, q.value.data.clone()));
    for (Parameter q : p.running()) tensors.add(SafeTensors.Tensor.matrix(q.name, q.value.rows, q.value.cols, q.value.data.clone()));
    List<float[]> opt = p.optimizer().state();
    int slots = opt.size() / p.params().size();
    for (int i = 0; i < opt.size(); i++) {
      Parameter q = p.params().get(i / slots);
      tensors.add(SafeTensors.Tensor.matrix("optimizer." + q.name + "." + i % slots, q.value.rows, q.value.cols, opt.get(i).clone()));
    }
    Batches.State b = p.batches().state();
    tensors.add(SafeTensors.Tensor.ints("data.permutation", b.permutation()));
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("config_sha256", configSha);
    m.put("epoch", Integer.toString(epoch));
    m.put("images_seen", Long.toString(images));
    m.put("steps", Long.toString(steps));
    m.put("epoch_images", Long.toString(epochImages));
    m.put("bound_sum", Double.toString(boundSum));
    m.put("objective_sum", Double.toString(objectiveSum));
    m.put("bound_rows", Long.toString(boundRows));
    m.put("test_elbo", Double.isFinite(testElbo) ? Double.toString(testElbo) : "");
    m.put("best_validation_elbo", Double.isFinite(bestValidation) ? Double.toString(bestValidation) : "");
    m.put("best_epoch", Integer.toString(bestEpoch));
    m.put("optimizer_steps", Long.toString(p.optimizer().steps()));
    m.put("optimizer_slots", Integer.toString(slots));
    m.put("rng_data", words(p.dataRng().state()));
    m.put("rng_noise", words(p.noiseRng().state()));
    m.put("batches_epoch", Integer.toString(b.epoch()));
    m.put("batches_position", Integer.toString(b.position()));
    if (p.batches().order() == Batches.Order.BLOCKS) m.put("batches_seed", Long.toString(b.seed()));
    m.put("bad_steps", Long.toString(p.guard().badSteps()));
    m.put("consecutive_bad_steps", Long.toString(p.guard().consecutiveBadSteps()));
    m.put("seconds", Double.toString(seconds()));
    m.put("epoch_seconds", Double.toString(epochImages == 0 ? 0 : epochSeconds()));
    m.put("metrics", metricsCsv);
    return new SafeTensors.Contents(tensors, m);
  }

  /** Restores {@code p} from a verified checkpoint and returns the loop's counters. */
  static TrainingState restore(SafeTensors.Contents c, String file, Parts p, String configSha) {
    try {
      return restoreParts(c, file, p, configSha);
    } catch (InputException e) {
      throw e.getMessage().startsWith(file) ? e : new InputException(file + ": " + e.getMessage());
    }
  }

  private static TrainingState restoreParts(SafeTensors.Contents c, String file, Parts p, String configSha) {
    String format = c.metadata().get("format");
    if (!FORMAT.equals(format)) throw new InputException(file + ": not a training checkpoint (format '" + format + "', expected " + FORMAT + ")");
    if (!configSha.equals(c.meta("config_sha256", file))) {
      throw new InputException(file + ": belongs to a different config.json than the one beside it (the config was edited?)");
    }
    for (Parameter q : p.params()) copy(c.tensor(q.name, file), q, file);
    for (Parameter q : p.running()) copy(c.tensor(q.name, file), q, file);
    int slots = (int) number(c, "optimizer_slots", file, 0, 8);
    List<float[]> opt = new ArrayList<>();
    long optimizerSteps = number(c, "optimizer_steps", file, 0, Long.MAX_VALUE);
    if (optimizerSteps > 0) {
      for (Parameter q : p.params()) {
        for (int s = 0; s < slots; s++) {
          SafeTensors.Tensor t = c.tensor("optimizer." + q.name + "." + s, file);
          float[] values = t.floats(file);
          if (values.length != q.size()) throw new InputException(file + ": optimizer state of " + q.name + " has the wrong size");
          requireFinite(t, file);
          opt.add(values);
        }
      }
    }
    p.optimizer().restore(p.params(), opt, optimizerSteps);
    SafeTensors.Tensor perm = c.tensor("data.permutation", file);
    p.batches().restore(new Batches.State((int) number(c, "batches_epoch", file, 0, Integer.MAX_VALUE),
        (int) number(c, "batches_position", file, 0, Integer.MAX_VALUE), perm.ints(file),
        p.batches().order() == Batches.Order.BLOCKS ? number(c, "batches_seed", file, Long.MIN_VALUE, Long.MAX_VALUE) : 0));
    p.dataRng().restore(words(c.meta("rng_data", file), file));
    p.noiseRng().restore(words(c.meta("rng_noise", file), file));
    p.guard().restore(number(c, "bad_steps", file, 0, Long.MAX_VALUE), number(c, "consecutive_bad_steps", file, 0, Long.MAX_VALUE));
    TrainingState s = new TrainingState();
    s.epoch = (int) number(c, "epoch", file, 1, Integer.MAX_VALUE);
    s.images = number(c, "images_seen", file, 0, Long.MAX_VALUE);
    s.steps = number(c, "steps", file, 0, Long.MAX_VALUE);
    s.epochImages = number(c, "epoch_images", file, 0, Long.MAX_VALUE);
    s.boundSum = real(c, "bound_sum", file);
    s.objectiveSum = c.metadata().containsKey("objective_sum") ? real(c, "objective_sum", file) : s.boundSum;   // before KL recipes: the bound
    s.boundRows = number(c, "bound_rows", file, 0, Long.MAX_VALUE);
    s.testElbo = optionalReal(c, "test_elbo", file);
    if (c.metadata().containsKey("best_epoch")) {   // absent before early stopping existed
      s.bestValidation = optionalReal(c, "best_validation_elbo", file);
      s.bestEpoch = (int) number(c, "best_epoch", file, 0, Integer.MAX_VALUE);
    }
    s.secondsBefore = real(c, "seconds", file);
    s.epochSecondsBefore = real(c, "epoch_seconds", file);
    s.startClock();
    return s;
  }

  private static void copy(SafeTensors.Tensor t, Parameter q, String file) {
    if (!t.dtype().equals("F32") || !t.isMatrix(q.value.rows, q.value.cols)) {
      throw new InputException(file + ": tensor " + q.name + " has shape " + java.util.Arrays.toString(t.shape()) + ", expected F32 ["
          + q.value.rows + ", " + q.value.cols + "]");
    }
    requireFinite(t, file);
    System.arraycopy(t.floats(file), 0, q.value.data, 0, q.size());
  }

  /** No checkpoint is written with a NaN or infinite value (the guard skips such steps), so one that holds them was altered. */
  private static void requireFinite(SafeTensors.Tensor t, String file) {
    for (float v : t.floats(file)) {
      if (!Float.isFinite(v)) throw new InputException(file + ": tensor " + t.name() + " holds " + v + "; expected finite values");
    }
  }

  private static long number(SafeTensors.Contents c, String key, String file, long min, long max) {
    String v = c.meta(key, file);
    try {
      long x = Long.parseLong(v);
      if (x < min || x > max) throw new NumberFormatException();
      return x;
    } catch (NumberFormatException e) {
      throw new InputException(file + ": metadata " + key + " = '" + v + "', expected an integer from " + min + " to " + max);
    }
  }

  /** A finite number: no checkpoint is written with NaN or infinity, so one that holds them was altered. */
  private static double real(SafeTensors.Contents c, String key, String file) {
    String v = c.meta(key, file);
    try {
      double x = Double.parseDouble(v);
      if (!Double.isFinite(x)) throw new NumberFormatException();
      return x;
    } catch (NumberFormatException e) {
      throw new InputException(file + ": metadata " + key + " = '" + v + "', expected a finite number");
    }
  }

  /** {@link #real}, or NaN when empty (and when "NaN", as checkpoints taken before 2026-12 wrote a value not yet known). */
  private static double optionalReal(SafeTensors.Contents c, String key, String file) {
    String v = c.meta(key, file);
    return v.isEmpty() || v.equals("NaN") ? Double.NaN : real(c, key, file);
  }

  static String words(long[] state) {
    StringBuilder s = new StringBuilder();
    for (long w : state) s.append(s.isEmpty() ? "" : ",").append(HexFormat.of().toHexDigits(w));
    return s.toString();
  }

  static long[] words(String text, String file) {
    String[] parts = text.split(",", -1);
    if (parts.length != 4) throw new InputException(file + ": generator state '" + text + "', expected 4 hexadecimal words");
    long[] w = new long[4];
    try {
      for (int i = 0; i < 4; i++) {
        if (parts[i].length() != 16) throw new NumberFormatException();
        w[i] = HexFormat.fromHexDigitsToLong(parts[i]);
      }
    } catch (NumberFormatException e) {
      throw new InputException(file + ": generator state '" + text + "', expected 4 hexadecimal words");
    }
    return w;
  }
}
