package latent.bench;

import java.util.List;
import latent.model.DecoderType;
import latent.model.ModelConfig;
import latent.model.Vae;
import latent.nn.Init;
import latent.nn.Linear;
import latent.objective.Objective;
import latent.objective.SgvbEstimator;
import latent.optim.Adagrad;
import latent.optim.Adam;
import latent.optim.Optimizer;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import latent.tensor.Tensor;
import latent.train.TrainingStep;

/**
 * Times the full training step (forward, backward, optimizer) of one reference architecture on
 * random binary data and counts its FLOPs as 6 × Σ over dense layers of rows × fan-in × fan-out
 * (2 for the forward product, 4 for the two backward products), with rows = batch for the
 * encoder and batch × samples for the decoder.
 */
public record StepBench(String name, ModelConfig model, String optimizer, int batch, int samples, Objective.Kind objective) {

  /** The three shapes of SPEC.md §1 that the foundation issue asks to be measured. */
  public static List<StepBench> references() {
    return List.of(
        new StepBench("pytorch-example 784-400-20 relu, batch 128", ModelConfig.of(784, List.of(400), 20, Activation.RELU,
            DecoderType.BERNOULLI, new Init.FanInUniform()), "adam", 128, 1, Objective.Kind.ELBO),
        new StepBench("aevb 784-500-20 tanh, batch 100", ModelConfig.of(784, List.of(500), 20, Activation.TANH,
            DecoderType.BERNOULLI, new Init.Normal(0.01)), "adagrad", 100, 1, Objective.Kind.ELBO),
        new StepBench("iwae-shape 784-200-200-50 tanh, batch 20, k=50", ModelConfig.of(784, List.of(200, 200), 50,
            Activation.TANH, DecoderType.BERNOULLI, new Init.GlorotUniform()), "adam", 20, 50, Objective.Kind.IWAE));
  }

  /**
   * The fastest of the timed windows (noise on a shared machine only ever slows a window down,
   * as with the GEMM peak, which is also a best of several) and the median window.
   */
  public record Result(StepBench bench, double msPerStep, double medianMsPerStep, double imagesPerSecond, double gflops) {}

  public long flopsPerStep(Vae vae) {
    long encoder = 0, decoder = 0;
    for (Linear l : vae.encoder.body.layers()) encoder += (long) l.in() * l.out();
    encoder += 2L * vae.encoder.loc.in() * vae.encoder.loc.out();
    for (Linear l : vae.decoder.body.layers()) decoder += (long) l.in() * l.out();
    decoder += (long) vae.decoder.out.in() * vae.decoder.out.out();
    return 6L * (batch * encoder + (long) batch * samples * decoder);
  }

  /** Runs warm-up steps, then ten timed windows over about {@code seconds}. */
  public Result run(double seconds) {
    Xoshiro256 rng = new Xoshiro256(1);
    Vae vae = new Vae(model, rng);
    Optimizer opt = optimizer.equals("adagrad") ? new Adagrad(0.01f, 0f) : new Adam(1e-3f);
    TrainingStep step = new TrainingStep(vae, opt, new Objective(objective, samples, SgvbEstimator.B));
    Tensor x = Tensor.zeros(batch, model.inputSize());
    for (int i = 0; i < x.size(); i++) x.data[i] = rng.nextFloat() < 0.13f ? 1f : 0f;   // MNIST's mean pixel
    double sink = 0;
    long warmEnd = System.nanoTime() + (long) (Math.min(2.0, seconds / 2) * 1e9);
    while (System.nanoTime() < warmEnd) sink += step.run(x, rng);
    double[] windows = new double[10];
    for (int w = 0; w < windows.length; w++) {
      int steps = 0;
      long t0 = System.nanoTime(), end = t0 + (long) (seconds / windows.length * 1e9);
      do {
        sink += step.run(x, rng);
        steps++;
      } while (System.nanoTime() < end);
      windows[w] = (System.nanoTime() - t0) / 1e9 / steps;
    }
    if (Double.isNaN(sink)) throw new IllegalStateException(name + ": training step produced NaN");
    java.util.Arrays.sort(windows);
    double s = windows[0];
    return new Result(this, s * 1e3, windows[windows.length / 2] * 1e3, batch / s, flopsPerStep(vae) / s / 1e9);
  }
}
