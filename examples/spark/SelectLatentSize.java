import latent.spark.BoundEvaluator;
import latent.spark.Vae;
import latent.spark.VaeModel;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Trains a VAE per latent size on a Parquet table and keeps the best by validation ELBO: args INPUT.parquet MODEL EPOCHS. */
public class SelectLatentSize {
  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().appName("choose a latent size").getOrCreate();
    Dataset<Row> images = spark.read().parquet(args[0]);               // a column "features": values in [0, 1]
    Vae vae = new Vae()                                                 // pytorch-example settings, trained on Spark
        .setEpochs(Integer.parseInt(args[2]))
        .setLocalSteps(10);                                             // average parameters every 10 steps
    ParamMap[] grid = new ParamGridBuilder().addGrid(vae.latent(), new int[] {2, 5, 20}).build();
    TrainValidationSplitModel search = new TrainValidationSplit()
        .setEstimator(vae).setEstimatorParamMaps(grid)
        .setEvaluator(new BoundEvaluator().setMetricName("elbo"))       // mean ELBO of the validation rows; larger is better
        .setTrainRatio(0.8).setSeed(1)
        .fit(images);
    for (int i = 0; i < grid.length; i++) {
      System.out.printf("latent size %d: validation ELBO %.2f nats%n", grid[i].apply(vae.latent()), search.validationMetrics()[i]);
    }
    VaeModel best = (VaeModel) search.bestModel();
    best.write().overwrite().save(args[1]);                             // a run folder: latent eval and score open it
    System.out.println("kept latent size " + best.latentSize() + ": " + args[1]);
  }
}
