package latent.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import latent.InvalidSetting;
import latent.data.DataSources;
import latent.data.Dataset;
import latent.data.TrainTest;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spark-submit --class latent.spark.DatasetJob latent-spark-all.jar mnist train mnist-train.parquet}:
 * writes one of latent's datasets as a table the Spark jobs read: {@code id} (the image's index,
 * long), {@code features} (its pixels in [0, 1], array&lt;float&gt;) and {@code label} (int). The
 * dataset is read as {@code latent train} reads it (MNIST from its cache, fetched there first
 * when missing, or from {@code --data-dir}).
 */
@Command(name = "latent.spark.DatasetJob", mixinStandardHelpOptions = true,
    description = {"Write MNIST or Fashion-MNIST as a table: id, features (pixels in [0, 1]) and label."})
public final class DatasetJob implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "mnist or fashion-mnist") String name;
  @Parameters(index = "1", paramLabel = "SPLIT", description = "train or test") String split;
  @Parameters(index = "2", paramLabel = "OUTPUT", description = "where the table goes (local or any Hadoop file system)") String output;
  @Option(names = "--data-dir", paramLabel = "DIR", description = "folder with the IDX files (default: latent's cache)") java.nio.file.Path dataDir;
  @Option(names = "--format", paramLabel = "FORMAT", description = "parquet (default), orc, json, ...") String format = "parquet";
  @Option(names = "--partitions", paramLabel = "P", description = "part files (default 2)") int partitions = 2;
  @Option(names = "--overwrite", description = "replace OUTPUT if it exists") boolean overwrite;

  public static void main(String[] args) {
    System.exit(ScoreJob.run(new DatasetJob(), args));
  }

  @Override
  public Integer call() {
    if (!split.equals("train") && !split.equals("test")) throw new IllegalArgumentException("SPLIT: expected train or test, got '" + split + "'");
    InvalidSetting.require(partitions >= 1, "partitions", "expected 1 or more, got " + partitions);
    TrainTest sets = DataSources.load(name, dataDir, System.err::println);
    Dataset d = split.equals("train") ? sets.train() : sets.test();
    int n = d.size(), dim = d.dim(), parts = partitions;
    byte[] bytes = new byte[n * dim];   // the images' 8-bit values, a quarter of their floats: what the tasks get
    for (int e = 0; e < bytes.length; e++) bytes[e] = (byte) Math.round(d.x().data[e] * 255f);
    SparkSession spark = SparkSession.builder().appName("latent dataset").getOrCreate();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<byte[]> pixels = jsc.broadcast(bytes);
    Broadcast<int[]> labels = jsc.broadcast(d.labels());
    List<Integer> indices = new ArrayList<>();
    for (int p = 0; p < parts; p++) indices.add(p);
    JavaRDD<Row> rows = jsc.parallelize(indices, parts).flatMap(p -> {   // part p: images p·n/P .. (p+1)·n/P − 1, one at a time
      int from = (int) ((long) p * n / parts), to = (int) ((long) (p + 1) * n / parts);
      return java.util.stream.IntStream.range(from, to).mapToObj(i -> {
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) v[j] = (pixels.value()[i * dim + j] & 0xFF) / 255f;   // as Idx.readImages
        return RowFactory.create((long) i, v, labels.value()[i]);
      }).iterator();
    });
    StructType schema = new StructType().add("id", DataTypes.LongType, false)
        .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false).add("label", DataTypes.IntegerType, false);
    spark.createDataFrame(rows, schema).write().format(format).mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).save(output);
    System.out.printf("wrote %,d rows of %d values (%s %s): %s%n", n, dim, name, split, output);
    return 0;
  }
}
