package latent.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.data.DataSources;
import latent.data.FileData;
import latent.data.TrainTest;
import latent.objective.TestElbo;
import latent.tensor.Gemm;
import latent.train.CheckpointPolicy;
import latent.train.JitWarmup;
import latent.train.Preset;
import latent.train.Progress;
import latent.train.RunConfig;
import latent.train.RunFolder;
import latent.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code latent train}: fits a VAE with AEVB and writes a run folder. The flags that set a
 * setting come from {@link SettingFlags}; they override the preset's values.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = SettingFlags.class,
    description = {"Train a VAE with AEVB (SGVB estimator, minibatches) and write a run folder:",
        "config.json, metrics.csv, model.safetensors and, at the end, report.html with figures/. Flags override the preset's values."})
public final class TrainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--preset", paramLabel = "NAME", description = "pytorch-example (default), aevb or iwae") String preset = "pytorch-example";
  @picocli.CommandLine.Mixin FileDataOptions files = new FileDataOptions();
  @Option(names = "--estimator", paramLabel = "NAME", description = {
      "A or B: the SGVB estimator of the ELBO, pathwise gradient (default B);",
      "score-function, stl, dreg (with --objective iwae) or wake-sleep: the encoder's gradient"}) String estimator;
  @Option(names = "--baseline", paramLabel = "NAME",
      description = "with --estimator score-function: none (default), moving-average, learned (NVIL) or leave-one-out") String baseline;
  @Option(names = "--run-dir", paramLabel = "DIR", description = "where to write the run (default runs/DATE-PRESET)") Path runDir;
  @Option(names = "--resume", paramLabel = "RUN", description = "continue RUN from its last checkpoint, with its settings") Path resume;
  @Option(names = "--checkpoint-every", paramLabel = "STEPS", description = "also checkpoint every STEPS steps (default 0: off)") long checkpointEvery = 0;
  @Option(names = "--checkpoint-minutes", paramLabel = "MIN", description = "also checkpoint every MIN minutes (default ${DEFAULT-VALUE}; 0: off)") double checkpointMinutes = CheckpointPolicy.DEFAULT_MINUTES;

  @Override
  public Integer call() {
    CheckpointPolicy policy = new CheckpointPolicy(checkpointEvery, checkpointMinutes);
    Map<String, Object> settings = SettingFlags.given(spec.commandLine());
    if (resume != null) {
      String dataDir = (String) settings.get("training.data.dataDir");
      return Resume.run(spec, resume, dataDir == null ? null : Path.of(dataDir), policy);
    }
    settings.putAll(SettingFlags.estimator(estimator, baseline));
    Preset p = Preset.parse(preset);
    String data = (String) settings.getOrDefault("training.data.dataset", Preset.DATASET);
    if (!DataSources.NAMES.contains(data) && !FileData.isFile(data)) {
      throw new InputException("--data: expected one of " + DataSources.NAMES + " or a .npy or .csv file, got '" + data + "'");
    }
    files.check(data);
    RunConfig probe = RunConfig.of(p, 1, settings);   // every flag is checked before any data is read: a bad one costs no wait
    Gemm.use(Gemm.named(probe.training().runtime().gemm()));
    if (runDir != null && Files.exists(runDir.resolve(RunFolder.CONFIG))) {
      throw new InputException(runDir + ": already holds a run (choose another --run-dir)");
    }
    FileData.Loaded fileData;
    TrainTest sets;
    try (JitWarmup warmup = JitWarmup.start(probe)) {   // compiles the step's code while the data load
      fileData = FileData.isFile(data) ? files.load(Path.of(data), probe.training().runtime().seed(), TrainCommand::log) : null;
      String dataDir = probe.training().data().dataDir();
      sets = fileData != null ? fileData.sets() : DataSources.load(data, dataDir == null ? null : Path.of(dataDir), TrainCommand::log);
    }
    RunConfig run = RunConfig.of(p, sets.train().dim(), settings);
    Path dir = runDir != null ? runDir : freshRunDir(p);
    log(String.format("training %s on %s (%,d images), %s, batch %d, run folder %s", run.model().describe(), data,
        sets.train().size() - run.training().data().validation(), run.training().optimizer().kind().label(), run.training().schedule().batchSize(), dir));
    Trainer.Result r = Trainer.train(run, sets, dir, Progress.forStderr(SettingFlags::flag), policy, false,
        fileData == null ? Map.of() : Map.of(FileData.FILE, fileData.spec().toJson()));
    finish(spec.commandLine().getOut(), r);
    return 0;
  }

  /** The lines that end a run, fresh or resumed, and its report. */
  static void finish(PrintWriter out, Trainer.Result r) {
    out.printf("test ELBO: %.2f nats per image (%,d test images, %s, L=1)%n", r.testElbo(), r.test().size(), TestElbo.estimator(r.model()));
    out.printf("trained on %,d images in %.1f s (%,.0f images/s)%n", r.images(), r.seconds(), r.images() / r.seconds());
    out.printf("run folder: %s%n", r.folder().dir.toAbsolutePath().normalize());
    TrainingReport.write(r, r.test(), out);
  }

  /** runs/DATE-TIME-PRESET, with -2, -3, ... when two runs start in the same second. */
  static Path freshRunDir(Preset p) {
    String base = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + p.flag();
    Path dir = Path.of("runs", base);
    for (int i = 2; Files.exists(dir); i++) dir = Path.of("runs", base + "-" + i);
    return dir;
  }

  static void log(String msg) {
    System.err.println("latent: " + msg);
  }
}
