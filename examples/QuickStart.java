import java.nio.file.Path;
import latent.api.Datasets;
import latent.api.LatentModel;
import latent.data.TrainTest;

/** Train a VAE on a file of 8-bit images, evaluate it, encode, decode, sample, score and save it. */
public class QuickStart {
  public static void main(String[] args) {
    TrainTest data = Datasets.load(Path.of(args[0]), "bytes", 0.2, 1);    // .npy or .csv, a row per example; 20% held out
    LatentModel model = LatentModel.builder(data.train().dim()).hidden(64).latent(4).batchSize(32).epochs(20).build();
    model.fit(data.train());
    System.out.printf("test ELBO %.2f nats, L_100 %.2f nats%n", model.elbo(data.test()), model.logLikelihood(data.test(), 100));
    LatentModel.Posterior q = model.encode(data.test());                  // posterior means and log-variances
    float[][] reconstructions = model.decode(q.loc());                    // E[x|z] at the posterior means
    float[][] samples = model.sample(8);                                  // z ~ N(0, I), then E[x|z]
    double[] scores = model.score(data.test(), 100);                      // per-example L_100: low = anomalous
    model.save(Path.of(args[1]));                                         // a run folder for latent eval, encode, score, export
    System.out.printf("%d reconstructions, %d samples, lowest L_100 %.2f%n", reconstructions.length, samples.length,
        java.util.Arrays.stream(scores).min().orElseThrow());
  }
}
