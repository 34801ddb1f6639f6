package latent.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.cli.ReproduceOptions;
import latent.data.DataSources;
import latent.data.TrainTest;
import latent.eval.IwaeTable1;
import latent.io.AtomicFiles;
import latent.tensor.Parallel;
import latent.train.Progress;
import latent.train.RunConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code latent reproduce}'s table as one Spark job: {@code spark-submit --class latent.spark.ReproduceJob
 * latent-spark-all.jar iwae-table1 --stages I --out DIR}. Each cell is an independent run, so
 * each is a task of its own: it trains the cell exactly as {@code latent reproduce} does (the
 * same settings and seed, so the same weights bit for bit, whatever the thread count), scores it
 * with L_K, and writes its run folder into {@code DIR} (any Hadoop file system), where
 * {@code latent eval} opens it. The driver writes {@code DIR/table.md}. A task Spark retries
 * trains its cell again from the start and writes the same folder.
 *
 * <p>Every executor reads MNIST from {@code --data-dir} (a folder each can read), or from its own
 * cache, which the driver fills first when it is on the same machine.
 */
@Command(name = "latent.spark.ReproduceJob", mixinStandardHelpOptions = true,
    description = {"Reproduce Table 1 of the IWAE paper with Spark: one task per cell, each writing a run folder, and table.md."})
public final class ReproduceJob implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Parameters(paramLabel = "TABLE", description = "iwae-table1") String name;
  @Mixin ReproduceOptions table = new ReproduceOptions();
  @Option(names = "--out", paramLabel = "DIR", required = true, description = "folder for the run folders and table.md (local or any Hadoop file system)") String out;
  @Option(names = "--threads-per-task", paramLabel = "T", description = "threads each cell trains with (default 1; match spark.task.cpus)") int threads = 1;

  /** What every task needs besides its cell. */
  record Plan(int stages, int k, Integer n, String dataDir, long seed, int threads, String out) implements Serializable {}

  public static void main(String[] args) {
    System.exit(ScoreJob.run(new ReproduceJob(), args));
  }

  @Override
  public Integer call() {
    if (!name.equals("iwae-table1")) throw new InputException("TABLE: expected iwae-table1, got '" + InputException.excerpt(name) + "'");
    List<ReproduceOptions.Cell> cells = table.cells();
    Parallel.requireThreads(threads);
    // reads (or fetches) MNIST once here: a bad --data-dir fails before Spark starts, and local tasks find the cache filled
    TrainTest sets = DataSources.load("mnist", table.dataDir, System.err::println);
    int images = table.n == null ? sets.test().size() : Math.min(table.n, sets.test().size());
    Plan plan = new Plan(table.stages, table.k, table.n, table.dataDir == null ? null : table.dataDir.toAbsolutePath().toString(),
        table.seed, threads, out);
    SparkSession spark = SparkSession.builder().appName("latent reproduce").getOrCreate();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> hadoop = jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    long start = System.nanoTime();
    List<IwaeTable1.Row> rows = jsc.parallelize(cells, cells.size()).map(c -> cell(c, plan, hadoop.value().value())).collect();
    var o = spec.commandLine().getOut();
    rows.forEach(r -> o.println(r.summary()));
    String md = IwaeTable1.markdown(table.command("spark-submit --class latent.spark.ReproduceJob latent-spark-all.jar"), rows,
        table.stages, table.k, images, (System.nanoTime() - start) / 6e10, table.seed);
    Path file = new Path(out, "table.md");
    try {
      RunFiles.write(file.getFileSystem(jsc.hadoopConfiguration()), file, md.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    o.print(md);
    o.println("written: " + file);
    return 0;
  }

  /** One task: trains and scores {@code cell} in a local folder, then copies the folder to {@code plan.out()/cell.name()}. */
  static IwaeTable1.Row cell(ReproduceOptions.Cell cell, Plan plan, Configuration hadoop) throws IOException {
    java.nio.file.Path dataDir = plan.dataDir() == null ? null : java.nio.file.Path.of(plan.dataDir());
    TrainTest sets = DataSources.load("mnist", dataDir, System.err::println);
    RunConfig run = IwaeTable1.config(cell.layers(), cell.run(), sets.train().dim(), plan.stages(), plan.seed(), plan.threads(), dataDir);
    java.nio.file.Path local = Files.createTempDirectory("latent-" + cell.name());
    try {
      IwaeTable1.Row[] row = new IwaeTable1.Row[1];
      Progress progress = new Progress(System.err, false, 200, 60_000, System::nanoTime);   // a line a minute in the executor's log
      Parallel.limitedTo(plan.threads(), () -> row[0] = IwaeTable1.cell(cell.layers(), cell.run(), run, sets, local.resolve(cell.name()),
          plan.k(), plan.n(), progress, done -> { }));
      copy(local.resolve(cell.name()), new Path(plan.out(), cell.name()), hadoop);
      return row[0];
    } finally {
      AtomicFiles.deleteTree(local);
    }
  }

  /** Copies a local folder to {@code to}: into a temporary name first, then renamed into place (replacing an older copy). */
  private static void copy(java.nio.file.Path from, Path to, Configuration hadoop) throws IOException {
    FileSystem fs = to.getFileSystem(hadoop);
    Path partial = new Path(to.getParent(), "." + to.getName() + ".partial");
    fs.delete(partial, true);
    fs.mkdirs(to.getParent());
    fs.copyFromLocalFile(false, true, new Path(from.toUri()), partial);
    fs.delete(to, true);
    if (!fs.rename(partial, to)) throw new IOException("cannot rename " + partial + " to " + to);
  }
}
