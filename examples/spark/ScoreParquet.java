import latent.spark.VaeModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Scores a Parquet table with a model trained by latent train: args RUN INPUT.parquet OUTPUT.parquet. */
public class ScoreParquet {
  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().appName("score with latent").getOrCreate();
    Dataset<Row> transactions = spark.read().parquet(args[1]);          // a column "features": D numbers per row
    VaeModel model = VaeModel.fromRun(args[0])                          // the run folder of latent train
        .setK(100)                                                      // L_100 <= log p(x), in nats
        .setKeyCol("id");                                               // each row's noise seeded by its id
    Dataset<Row> scored = model.transform(transactions);                // + latent_mean, latent_log_var, log_likelihood, elbo
    scored.orderBy("log_likelihood").select("id", "log_likelihood").show(5);   // the least probable rows first
    scored.write().mode("overwrite").parquet(args[2]);
    model.write().overwrite().save(args[2] + ".model");                 // Spark ML persistence; latent eval opens it too
  }
}
