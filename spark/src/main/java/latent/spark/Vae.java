package latent.spark;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import latent.InputException;
import latent.tensor.Parallel;
import latent.train.Preset;
import latent.train.RunConfig;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Trains a latent VAE on a DataFrame where it lives, as a Spark ML {@link Estimator}: {@link #fit}
 * returns a {@link VaeModel}. The settings are {@code latent train}'s, under the Java API's
 * names ({@code hidden}, {@code latent}, {@code objective}, {@code k}, {@code learningRate}, ...;
 * any other as a path in {@link #settings}), starting from {@link #preset}. Training is data
 * parallel ({@link DataParallel}): each partition trains on its own rows from the broadcast
 * parameters; after {@link #localSteps} S steps the driver averages, in partition order,
 *
 * <pre>
 *   S = 1:  the gradients, g = Σ_p (n_p / n) g_p, then one optimizer step: exactly a step on the
 *           union of the partitions' minibatches (batchSize rows in all)
 *   S > 1:  the parameters and the optimizer's moments, θ = Σ_p (n_p / n) θ_p (local SGD)
 * </pre>
 *
 * so a fit is deterministic for a seed and a partitioning, and a task Spark retries gives the
 * same result.
 */
public final class Vae extends Estimator<VaeModel> implements MLWritable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> preset;
  private final IntArrayParam hidden;
  private final IntArrayParam decoderHidden;
  private final IntParam latent;
  private final Param<String> activation;
  private final Param<String> decoder;
  private final Param<String> objective;
  private final IntParam k;
  private final Param<String> estimator;
  private final Param<String> gradient;
  private final Param<String> optimizer;
  private final DoubleParam learningRate;
  private final IntParam batchSize;
  private final IntParam epochs;
  private final Param<String> binarization;
  private final LongParam seed;
  private final Param<String> dataset;
  private final Param<String> settings;
  private final IntParam localSteps;
  private final DoubleParam heldOut;
  private final IntParam threadsPerTask;
  /** Each setting param and the path of the run's setting it sets ({@link RunConfig#of}). */
  private final Map<Param<?>, String> paths = new LinkedHashMap<>();

  public Vae() {
    this(Identifiable.randomUID("vae"));
  }

  public Vae(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "the column of input vectors: D values in [0, 1] per row (Spark ML vector, array<float> or array<double>)");
    preset = new Param<>(this, "preset", "the settings the others change: pytorch-example, aevb or iwae");
    hidden = setting(new IntArrayParam(this, "hidden", "encoder hidden widths (the decoder mirrors them)"), "model.encoderHidden");
    decoderHidden = setting(new IntArrayParam(this, "decoderHidden", "decoder hidden widths"), "model.decoderHidden");
    latent = setting(new IntParam(this, "latent", "the latent size Nz"), "model.latentSize");
    activation = setting(new Param<>(this, "activation", "tanh, relu or softplus"), "model.activation");
    decoder = setting(new Param<>(this, "decoder", "bernoulli or gaussian"), "model.decoder");
    objective = setting(new Param<>(this, "objective", "elbo or iwae"), "training.objective.kind");
    k = setting(new IntParam(this, "k", "samples of z per datapoint: L of the ELBO, k of IWAE"), "training.objective.samples");
    estimator = setting(new Param<>(this, "estimator", "the ELBO's SGVB form: A or B"), "training.objective.estimator");
    gradient = setting(new Param<>(this, "gradient", "the gradient estimator: pathwise, stl, dreg or score-function"), "training.objective.gradient");
    optimizer = setting(new Param<>(this, "optimizer", "adam, adagrad or sgd"), "training.optimizer.kind");
    learningRate = setting(new DoubleParam(this, "learningRate", "the learning rate"), "training.optimizer.learningRate");
    batchSize = setting(new IntParam(this, "batchSize", "the minibatch size M, split evenly over the partitions"), "training.schedule.batchSize");
    epochs = setting(new IntParam(this, "epochs", "passes over the training rows"), "training.schedule.epochs");
    binarization = setting(new Param<>(this, "binarization", "dynamic, fixed or none"), "training.data.binarization");
    seed = setting(new LongParam(this, "seed", "the seed of the initialisation, the data order and the noise"), "training.runtime.seed");
    dataset = setting(new Param<>(this, "dataset", "the dataset latent eval scores the model on (default: the preset's)"), "training.data.dataset");
    settings = new Param<>(this, "settings", "any other setting, as JSON: {\"safeguards.clipNorm\": 5, ...}");
    localSteps = new IntParam(this, "localSteps", "S, the steps each partition takes between averages (1: gradients are averaged every step)",
        ParamValidators.inRange(1, 1_000_000));
    heldOut = new DoubleParam(this, "heldOut", "the share of rows held out for the held-out ELBO, chosen by a hash of their values",
        ParamValidators.inRange(0, 0.5, true, false));
    threadsPerTask = new IntParam(this, "threadsPerTask", "threads each task trains with; match spark.task.cpus",
        ParamValidators.inRange(1, Parallel.MAX_THREADS));
    setDefault(inputCol, "features");
    setDefault(preset, Preset.PYTORCH_EXAMPLE.flag());
    setDefault(settings, "{}");
    setDefault(localSteps, (Object) 1);
    setDefault(heldOut, (Object) 0.05);
    setDefault(threadsPerTask, (Object) 1);
  }

  private <P extends Param<?>> P setting(P p, String path) {
    paths.put(p, path);
    return p;
  }

  public static MLReader<Vae> read() {
    return new DefaultParamsReader<>();
  }

  public static Vae load(String path) {
    return read().load(path);
  }

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  // ---- parameters ---------------------------------------------------------------------------

  public Param<String> inputCol() { return inputCol; }
  public Param<String> preset() { return preset; }
  public IntArrayParam hidden() { return hidden; }
  public IntArrayParam decoderHidden() { return decoderHidden; }
  public IntParam latent() { return latent; }
  public Param<String> activation() { return activation; }
  public Param<String> decoder() { return decoder; }
  public Param<String> objective() { return objective; }
  public IntParam k() { return k; }
  public Param<String> estimator() { return estimator; }
  public Param<String> gradient() { return gradient; }
  public Param<String> optimizer() { return optimizer; }
  public DoubleParam learningRate() { return learningRate; }
  public IntParam batchSize() { return batchSize; }
  public IntParam epochs() { return epochs; }
  public Param<String> binarization() { return binarization; }
  public LongParam seed() { return seed; }
  public Param<String> dataset() { return dataset; }
  public Param<String> settings() { return settings; }
  public IntParam localSteps() { return localSteps; }
  public DoubleParam heldOut() { return heldOut; }
  public IntParam threadsPerTask() { return threadsPerTask; }

  public Vae setInputCol(String v) { return put(inputCol, v); }
  public Vae setPreset(String v) { return put(preset, v); }
  public Vae setHidden(int... v) { return put(hidden, v); }
  public Vae setDecoderHidden(int... v) { return put(decoderHidden, v); }
  public Vae setLatent(int v) { return put(latent, v); }
  public Vae setActivation(String v) { return put(activation, v); }
  public Vae setDecoder(String v) { return put(decoder, v); }
  public Vae setObjective(String v) { return put(objective, v); }
  public Vae setK(int v) { return put(k, v); }
  public Vae setEstimator(String v) { return put(estimator, v); }
  public Vae setGradient(String v) { return put(gradient, v); }
  public Vae setOptimizer(String v) { return put(optimizer, v); }
  public Vae setLearningRate(double v) { return put(learningRate, v); }
  public Vae setBatchSize(int v) { return put(batchSize, v); }
  public Vae setEpochs(int v) { return put(epochs, v); }
  public Vae setBinarization(String v) { return put(binarization, v); }
  public Vae setSeed(long v) { return put(seed, v); }
  public Vae setDataset(String v) { return put(dataset, v); }
  public Vae setSettings(String json) { return put(settings, json); }
  public Vae setLocalSteps(int v) { return put(localSteps, v); }
  public Vae setHeldOut(double v) { return put(heldOut, v); }
  public Vae setThreadsPerTask(int v) { return put(threadsPerTask, v); }

  public String getInputCol() { return value(inputCol); }
  public int getLocalSteps() { return value(localSteps); }
  public double getHeldOut() { return value(heldOut); }
  public int getThreadsPerTask() { return value(threadsPerTask); }

  private <T> Vae put(Param<T> p, T v) {
    set(p, v);
    return this;
  }

  @SuppressWarnings("unchecked")
  private <T> T value(Param<?> p) {
    return (T) getOrDefault(p);
  }

  // ---- fitting ------------------------------------------------------------------------------

  /**
   * The run's settings for data of {@code inputSize} values: the preset, then {@link #settings},
   * then the params set. A value a setting cannot take is an {@code IllegalArgumentException}
   * naming the param ({@code Vae: learningRate: expected a positive number, got -3.0}).
   */
  public RunConfig runConfig(int inputSize) {
    Map<String, Object> overrides = new LinkedHashMap<>();
    try {
      overrides.putAll(JSON.readValue(value(settings).toString(), new TypeReference<Map<String, Object>>() {}));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("Vae: settings: expected a JSON object of setting paths and values, got " + value(settings));
    }
    paths.forEach((p, path) -> {
      if (isDefined(p)) overrides.put(path, json(getOrDefault(p)));
    });
    try {
      return RunConfig.of(Preset.parse(value(preset)), inputSize, overrides);
    } catch (InputException e) {
      throw new IllegalArgumentException("Vae: " + e.message(this::paramOf), e);
    } catch (IllegalArgumentException e) {   // a path in settings that names no setting
      throw new IllegalArgumentException("Vae: settings: " + e.getMessage(), e);
    }
  }

  /** A param's value as RunConfig takes it: arrays as lists. */
  private static Object json(Object v) {
    return v instanceof int[] a ? Arrays.stream(a).boxed().toList() : v;
  }

  /**
   * The param that sets a setting, by the setting's name in messages (the path's last part, or
   * the part before {@code .kind}: latentSize → latent, objective → objective); the name itself
   * when no param does.
   */
  private String paramOf(String setting) {
    for (var e : paths.entrySet()) {
      String path = e.getValue();
      if (path.endsWith("." + setting) || path.endsWith("." + setting + ".kind")) return e.getKey().name();
    }
    return setting;
  }

  @Override
  public VaeModel fit(Dataset<?> data) {
    transformSchema(data.schema());
    Dataset<Row> df = data.toDF();
    int inputSize = InputColumns.sizeOfFirst(df, getInputCol());
    RunConfig run = runConfig(inputSize);
    InputColumns columns = InputColumns.of("Vae", df.schema(), getInputCol(), "", inputSize).forTraining();
    InputCheck.run(df, columns);
    DataParallel.Trained t = new DataParallel(run, getLocalSteps(), getHeldOut(), getThreadsPerTask()).fit(df, columns);
    VaeModel model = new VaeModel(Identifiable.randomUID("vae"), t.files(), t.rounds()).setInputCol(getInputCol());
    return model.setParent(this);
  }

  /** The fitted model's columns: the input's checked here, the outputs {@link VaeModel#transformSchema}'s. */
  @Override
  public StructType transformSchema(StructType schema) {
    InputColumns.of("Vae", schema, getInputCol(), "", 1);
    return schema;
  }

  @Override
  public Vae copy(ParamMap extra) {
    return defaultCopy(extra);
  }
}
