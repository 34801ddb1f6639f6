package latent.report;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import latent.data.Binarization;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.model.DecoderType;
import latent.model.ModelConfig;
import latent.nn.Init;
import latent.objective.Objective;
import latent.objective.SgvbEstimator;
import latent.optim.OptimizerKind;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import latent.tensor.Tensor;
import latent.train.Progress;
import latent.train.Trainer;
import latent.train.TrainingConfig;

/** Small generated image data and short training runs on it: what the figure tests draw. */
final class TinyRuns {
  static final int SIDE = 8;

  private TinyRuns() {}

  /**
   * {@code n} labelled 8×8 images of four classes (a horizontal bar, a vertical bar, the
   * diagonal, a square), each at a random offset, with ink 0.85 and background 0.05 plus uniform noise of ±0.05.
   */
  static Dataset shapes(String name, int n, long seed) {
    Xoshiro256 rng = new Xoshiro256(seed);
    int d = SIDE * SIDE;
    Tensor x = Tensor.zeros(n, d);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = rng.nextInt(4), shift = rng.nextInt(4);
      labels[i] = c;
      for (int r = 0; r < SIDE; r++) {
        for (int col = 0; col < SIDE; col++) {
          boolean on = switch (c) {
            case 0 -> r == 2 + shift || r == 3 + shift;
            case 1 -> col == 2 + shift || col == 3 + shift;
            case 2 -> Math.abs(r - col) <= shift % 2;
            default -> r >= 1 + shift / 2 && r <= 5 && col >= 1 + shift / 2 && col <= 5;
          };
          float v = (on ? 0.85f : 0.05f) + 0.05f * (2 * rng.nextFloat() - 1);
          x.data[i * d + r * SIDE + col] = Math.min(1f, Math.max(0f, v));
        }
      }
    }
    return new Dataset(name, x, labels);
  }

  static TrainTest data() {
    return new TrainTest(shapes("shapes-train", 400, 1), shapes("shapes-test", 120, 2));
  }

  static TrainingConfig.Run config(int latent, DecoderType decoder, int epochs) {
    Binarization bin = decoder == DecoderType.GAUSSIAN ? Binarization.NONE : Binarization.DYNAMIC;
    TrainingConfig t = new TrainingConfig("test", "shapes", null, bin, 0, OptimizerKind.ADAM, 0.01f, 0f, 0f, 1e-8f,
        Objective.Kind.ELBO, SgvbEstimator.B, 1, 20, epochs, -1, false, 0, 3, 0, 2, "java");
    ModelConfig m = ModelConfig.of(SIDE * SIDE, List.of(32), latent, Activation.TANH, decoder, new Init.GlorotUniform());
    return new TrainingConfig.Run(t, m);
  }

  static Progress quiet() {
    return new Progress(new PrintStream(new ByteArrayOutputStream()), false, 200, 10_000, System::nanoTime);
  }

  /** Trains into {@code dir} and returns the result; the test set is {@link #data()}'s, as scored. */
  static Trainer.Result train(Path dir, int latent, DecoderType decoder, int epochs) {
    TrainingConfig.Run run = config(latent, decoder, epochs);
    return Trainer.train(run, data(), dir, quiet());
  }

  static Dataset scoredTest(TrainingConfig.Run run) {
    return Trainer.testSet(run.training(), run.model().decoder(), data().test());
  }
}
