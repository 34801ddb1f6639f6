package latent.report;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import latent.data.Dataset;
import latent.data.TrainTest;
import latent.model.DecoderType;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;
import latent.train.Progress;
import latent.train.Trainer;
import latent.train.RunConfig;
import latent.train.Preset;

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

  static RunConfig config(int latent, DecoderType decoder, int epochs) {
    return RunConfig.of(Preset.PYTORCH_EXAMPLE, SIDE * SIDE, Map.of("model.encoderHidden", List.of(32), "model.latentSize", latent,
        "model.activation", "tanh", "model.init", "glorot", "model.decoder", decoder, "training.data.dataset", "shapes",
        "training.optimizer.learningRate", 0.01f, "training.schedule.batchSize", 20, "training.schedule.epochs", epochs,
        "training.runtime.seed", 3));
  }

  static Progress quiet() {
    return new Progress(new PrintStream(new ByteArrayOutputStream()), false, 200, 10_000, System::nanoTime);
  }

  /** Trains into {@code dir} and returns the result; the test set is {@link #data()}'s, as scored. */
  static Trainer.Result train(Path dir, int latent, DecoderType decoder, int epochs) {
    RunConfig run = config(latent, decoder, epochs);
    return Trainer.train(run, data(), dir, quiet());
  }

  static Dataset scoredTest(RunConfig run) {
    return Trainer.testSet(run, data().test());
  }
}
