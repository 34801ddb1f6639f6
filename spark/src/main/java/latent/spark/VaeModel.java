package latent.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import latent.eval.AnomalyScores;
import latent.eval.Threshold;
import latent.objective.Objective;
import latent.tensor.Parallel;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A trained latent VAE as a Spark ML {@link Model}: {@link #transform} adds to each row of a
 * DataFrame its posterior mean and log-variance, its importance-sampled bound
 *
 * <pre>
 *   L_k(x) = log (1/k) Σ_{i=1..k} p(x, z_i) / q(z_i|x)  ≤  log p(x),   z_i ~ q(z|x)   (Burda et al. 2015)
 * </pre>
 *
 * in nats (a low bound marks an improbable row: an anomaly score that is a likelihood bound),
 * the ELBO from the same samples, the reconstruction's log-likelihood log p(x|z=μ(x)) and squared
 * error, when asked the reconstruction E[x|z=μ] and, when the model has a threshold
 * ({@code threshold.json}), whether the row is flagged as an anomaly ({@link Threshold}).
 * The numbers are {@code latent score}'s: row j's noise is seeded by (seed, key_j), the key a
 * hash of the row's values or the key column's value, so a row's score does not depend on how
 * the DataFrame is partitioned. The model's files are broadcast once; each task scores its
 * partition in blocks with latent's own kernels, on {@link #threadsPerTask} threads.
 *
 * <p>Load a run folder of {@code latent train} with {@link #fromRun}; save and load with Spark ML
 * persistence ({@link #write}, {@link #load}, inside {@code Pipeline}s too). The saved folder is
 * a latent run folder: {@code latent eval} and {@code latent score} open it.
 */
public final class VaeModel extends Model<VaeModel> implements MLWritable {
  private final String uid;
  private final RunFiles files;
  private final List<TrainingRound> rounds;
  private final transient LoadedRun run;
  private transient Broadcast<SharedModel> shared;

  private final Param<String> inputCol;
  private final Param<String> keyCol;
  private final IntParam k;
  private final LongParam seed;
  private final IntParam threadsPerTask;
  private final BooleanParam checkInput;
  private final Param<String> latentMeanCol;
  private final Param<String> latentLogVarCol;
  private final Param<String> scoreCol;
  private final Param<String> elboCol;
  private final Param<String> reconLogLikCol;
  private final Param<String> reconErrorCol;
  private final Param<String> reconstructionCol;
  private final Param<String> anomalyCol;

  private VaeModel(String uid, RunFiles files) {
    this(uid, files, List.of());
  }

  /** A model {@link Vae#fit} trained, with its metrics table. */
  VaeModel(String uid, RunFiles files, List<TrainingRound> rounds) {
    this.uid = uid;
    this.files = files;
    this.rounds = List.copyOf(rounds);
    this.run = LoadedRun.of(files);
    inputCol = new Param<>(this, "inputCol", "the column of input vectors: D values per row (Spark ML vector, array<float> or array<double>)");
    keyCol = new Param<>(this, "keyCol", "a column of integer or string keys that seed each row's noise; empty: a hash of the row's values");
    k = new IntParam(this, "k", "importance samples per row for the L_k score (1 to " + Objective.MAX_SAMPLES + ")",
        ParamValidators.inRange(1, Objective.MAX_SAMPLES));
    seed = new LongParam(this, "seed", "the seed of the sampling noise (default: the run's test seed, as latent score)");
    threadsPerTask = new IntParam(this, "threadsPerTask", "threads each task scores with (1 to " + Parallel.MAX_THREADS + "); match spark.task.cpus",
        ParamValidators.inRange(1, Parallel.MAX_THREADS));
    checkInput = new BooleanParam(this, "checkInput", "check every row before scoring, so bad rows fail the call with one message naming them all");
    latentMeanCol = new Param<>(this, "latentMeanCol", "output: the posterior mean μ(x), a vector of Nz (empty: left out)");
    latentLogVarCol = new Param<>(this, "latentLogVarCol", "output: the posterior log-variance log σ²(x), a vector of Nz (empty: left out)");
    scoreCol = new Param<>(this, "scoreCol", "output: L_k(x) <= log p(x) in nats, low for improbable rows (empty: left out)");
    elboCol = new Param<>(this, "elboCol", "output: the ELBO (1/k) Σ log w_i in nats, from the same k samples (empty: left out)");
    reconLogLikCol = new Param<>(this, "reconLogLikCol", "output: log p(x|z=μ(x)) in nats, the reconstruction's log-likelihood (empty: left out)");
    reconErrorCol = new Param<>(this, "reconErrorCol", "output: the squared error of E[x|z=μ(x)], summed over the row's values on the model's [0, 1] scale (empty: left out)");
    reconstructionCol = new Param<>(this, "reconstructionCol", "output: E[x|z=μ(x)] in the input's units, a vector of D (empty: left out)");
    anomalyCol = new Param<>(this, "anomalyCol", "output: true where the row's score is above the threshold recorded with the model (threshold.json; left out when it has none, or empty)");
    setDefault(inputCol, "features");
    setDefault(keyCol, "");
    setDefault(k, (Object) (run.threshold() != null ? run.threshold().k() : AnomalyScores.DEFAULT_K));
    setDefault(seed, (Object) run.scoreSeed());
    setDefault(threadsPerTask, (Object) 1);
    setDefault(checkInput, (Object) true);
    setDefault(latentMeanCol, "latent_mean");
    setDefault(latentLogVarCol, "latent_log_var");
    setDefault(scoreCol, "log_likelihood");
    setDefault(elboCol, "elbo");
    setDefault(reconLogLikCol, "recon_loglik");
    setDefault(reconErrorCol, "recon_error");
    setDefault(reconstructionCol, "");
    setDefault(anomalyCol, "anomaly");
  }

  /** The model saved in a run folder by {@code latent train}, {@code latent import} or {@link #save}: a local path or any Hadoop file system's. */
  public static VaeModel fromRun(String path) {
    return new VaeModel(Identifiable.randomUID("vae"), RunFiles.read(path, hadoopConf()));
  }

  /** Spark ML persistence: a {@code VaeModel} saved with {@link #write}. */
  public static MLReader<VaeModel> read() {
    return new Reader();
  }

  public static VaeModel load(String path) {
    return read().load(path);
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  /**
   * One row of a Spark fit's metrics table ({@link Vae}): after round {@code round}, the epochs
   * and images seen, the round's mean training bound, the held-out rows' mean ELBO (NaN where
   * not computed: it is, at each epoch's end and after the last round), and seconds since the
   * fit began.
   */
  public record TrainingRound(int round, double epochs, long images, double trainBound, double heldOutElbo, double seconds) {
    /** The row as the driver's log shows it: round,epochs,images_seen,train_bound,held_out_elbo,seconds. */
    public String csv() {
      return String.format(java.util.Locale.ROOT, "%d,%.3f,%d,%.4f,%s,%.2f", round, epochs, images, trainBound,
          Double.isNaN(heldOutElbo) ? "" : String.format(java.util.Locale.ROOT, "%.4f", heldOutElbo), seconds);
    }
  }

  /** The metrics table of the {@link Vae#fit} that made this model, one row per round; empty for a model loaded from files. */
  public List<TrainingRound> trainingRounds() {
    return rounds;
  }

  /** The model's files (config.json, model.safetensors, data.json). */
  RunFiles files() {
    return files;
  }

  /** D, the values per row the model takes. */
  public int inputSize() {
    return run.inputSize();
  }

  /** Nz, the length of the latent mean and log-variance vectors. */
  public int latentSize() {
    return run.latentSize();
  }

  // ---- parameters ---------------------------------------------------------------------------

  public Param<String> inputCol() { return inputCol; }
  public Param<String> keyCol() { return keyCol; }
  public IntParam k() { return k; }
  public LongParam seed() { return seed; }
  public IntParam threadsPerTask() { return threadsPerTask; }
  public BooleanParam checkInput() { return checkInput; }
  public Param<String> latentMeanCol() { return latentMeanCol; }
  public Param<String> latentLogVarCol() { return latentLogVarCol; }
  public Param<String> scoreCol() { return scoreCol; }
  public Param<String> elboCol() { return elboCol; }
  public Param<String> reconLogLikCol() { return reconLogLikCol; }
  public Param<String> reconErrorCol() { return reconErrorCol; }
  public Param<String> reconstructionCol() { return reconstructionCol; }
  public Param<String> anomalyCol() { return anomalyCol; }

  public String getInputCol() { return value(inputCol); }
  public String getKeyCol() { return value(keyCol); }
  public int getK() { return value(k); }
  public long getSeed() { return value(seed); }
  public int getThreadsPerTask() { return value(threadsPerTask); }
  public boolean getCheckInput() { return value(checkInput); }
  public String getLatentMeanCol() { return value(latentMeanCol); }
  public String getLatentLogVarCol() { return value(latentLogVarCol); }
  public String getScoreCol() { return value(scoreCol); }
  public String getElboCol() { return value(elboCol); }
  public String getReconLogLikCol() { return value(reconLogLikCol); }
  public String getReconErrorCol() { return value(reconErrorCol); }
  public String getReconstructionCol() { return value(reconstructionCol); }
  public String getAnomalyCol() { return value(anomalyCol); }

  public VaeModel setInputCol(String v) { return put(inputCol, v); }
  public VaeModel setKeyCol(String v) { return put(keyCol, v); }
  public VaeModel setK(int v) { return put(k, v); }
  public VaeModel setSeed(long v) { return put(seed, v); }
  public VaeModel setThreadsPerTask(int v) { return put(threadsPerTask, v); }
  public VaeModel setCheckInput(boolean v) { return put(checkInput, v); }
  public VaeModel setLatentMeanCol(String v) { return put(latentMeanCol, v); }
  public VaeModel setLatentLogVarCol(String v) { return put(latentLogVarCol, v); }
  public VaeModel setScoreCol(String v) { return put(scoreCol, v); }
  public VaeModel setElboCol(String v) { return put(elboCol, v); }
  public VaeModel setReconLogLikCol(String v) { return put(reconLogLikCol, v); }
  public VaeModel setReconErrorCol(String v) { return put(reconErrorCol, v); }
  public VaeModel setReconstructionCol(String v) { return put(reconstructionCol, v); }
  public VaeModel setAnomalyCol(String v) { return put(anomalyCol, v); }

  private <T> VaeModel put(Param<T> p, T value) {
    set(p, value);
    return this;
  }

  @SuppressWarnings("unchecked")
  private <T> T value(Param<?> p) {
    return (T) getOrDefault(p);
  }

  // ---- the transformation -------------------------------------------------------------------

  private Outputs outputs() {
    return new Outputs(getLatentMeanCol(), getLatentLogVarCol(), getScoreCol(), getElboCol(), getReconLogLikCol(), getReconErrorCol(),
        getReconstructionCol(), getAnomalyCol(), run.threshold(), getK(), getSeed(), getThreadsPerTask());
  }

  /** The input schema with the output columns added; the input and key columns checked, and every output name new. */
  @Override
  public StructType transformSchema(StructType schema) {
    InputColumns.of("VaeModel", schema, getInputCol(), getKeyCol(), inputSize());
    List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
    Set<String> names = new HashSet<>(Arrays.asList(schema.fieldNames()));
    Outputs outputs = outputs();
    List<StructField> added = outputs.fields();
    if (added.isEmpty()) throw new IllegalArgumentException("VaeModel: every output column is empty; set at least one of latentMeanCol, latentLogVarCol, "
        + "scoreCol, elboCol, reconLogLikCol, reconErrorCol, reconstructionCol");
    Threshold t = run.threshold();
    if (outputs.flags() && t.k() != getK() && t.kind().dependsOnK()) {
      throw new IllegalArgumentException("VaeModel: the model's threshold was fitted to " + t.kind().column(t.k()) + "; set k to " + t.k()
          + " (or anomalyCol to empty)");
    }
    for (StructField f : added) {
      if (!names.add(f.name())) throw new IllegalArgumentException("VaeModel: output column '" + f.name() + "' already exists; choose another name");
      fields.add(f);
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    Dataset<Row> df = dataset.toDF();
    InputColumns columns = InputColumns.of("VaeModel", df.schema(), getInputCol(), getKeyCol(), inputSize());
    if (getCheckInput()) InputCheck.run(df, columns);
    return df.mapPartitions(new PartitionScorer(shared(df.sparkSession().sparkContext()), columns, outputs()), Encoders.row(out));
  }

  /** The model's files broadcast to {@code sc}'s executors, once per model and context. */
  private synchronized Broadcast<SharedModel> shared(SparkContext sc) {
    if (shared == null || sc.isStopped() || !shared.isValid()) shared = JavaSparkContext.fromSparkContext(sc).broadcast(new SharedModel(files));
    return shared;
  }

  @Override
  public VaeModel copy(ParamMap extra) {
    return copyValues(new VaeModel(uid, files, rounds), extra).setParent(parent());
  }

  @Override
  public String toString() {
    return "VaeModel: uid=" + uid + ", " + inputSize() + " inputs, " + latentSize() + " latent dimensions, from " + files.source();
  }

  // ---- persistence --------------------------------------------------------------------------

  /** The Hadoop settings of the active Spark session, or the defaults outside one. */
  private static Configuration hadoopConf() {
    Option<SparkSession> s = SparkSession.getActiveSession();
    return s.isDefined() ? s.get().sparkContext().hadoopConfiguration() : new Configuration();
  }

  /** Spark ML's metadata (class, uid, parameters) in {@code path/metadata}, and the run's files beside it. */
  private static final class Writer extends DefaultParamsWriter {
    private final VaeModel model;

    Writer(VaeModel model) {
      super(model);
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      super.saveImpl(path);
      model.files.write(path, sparkSession().sparkContext().hadoopConfiguration());
    }
  }

  private static final class Reader extends MLReader<VaeModel> {
    @Override
    public VaeModel load(String path) {
      DefaultParamsReader.Metadata meta = DefaultParamsReader.loadMetadata(path, sparkSession(), VaeModel.class.getName());
      VaeModel m = new VaeModel(meta.uid(), RunFiles.read(path, sparkSession().sparkContext().hadoopConfiguration()));
      meta.getAndSetParams(m, Option.empty());
      return m;
    }
  }
}
