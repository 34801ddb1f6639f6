package latent.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import latent.autodiff.Tape;
import latent.data.Dataset;
import latent.distributions.Normal;
import latent.model.ActiveUnits;
import latent.model.DecoderType;
import latent.model.ModelConfig;
import latent.model.Vae;
import latent.nn.Init;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import latent.tensor.Kernels;
import latent.tensor.Parallel;
import latent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LogLikelihoodTest {
  static Vae vae() {
    return new Vae(ModelConfig.of(6, List.of(5), 2, Activation.TANH, DecoderType.BERNOULLI, new Init.Normal(0.7)), new Xoshiro256(4));
  }

  static Dataset data() {
    Xoshiro256 r = new Xoshiro256(8);
    Tensor x = Tensor.zeros(7, 6);
    for (int i = 0; i < x.size(); i++) x.data[i] = r.nextFloat() < 0.4f ? 1f : 0f;
    return new Dataset("tiny", x, null);
  }

  /** The chunked, streamed L_2500 (three chunks) equals one log-sum-exp over the same 2500 samples. */
  @Test
  void streamedChunksEqualOneLogSumExp() {
    Vae vae = vae();
    Dataset d = data();
    LogLikelihood.Result r = LogLikelihood.evaluate(vae, d, new int[] {1, 10, 2500}, 3, done -> { });
    for (int img : new int[] {0, 6}) {
      Tensor x = d.slice(img, img + 1).x();
      Tape tape = new Tape();
      Normal q = vae.encode(tape, tape.constant(x));
      Xoshiro256 rng = LogLikelihood.imageNoise(3, img);
      Tensor eps = Tensor.zeros(2500, 2);
      for (int e = 0; e < eps.size(); e++) eps.data[e] = (float) rng.nextGaussian();
      float[] logW = vae.logWeights(q, x, 2500, eps, null).value.data;
      for (int c = 0; c < 3; c++) {
        int k = r.ks()[c];
        double want = Kernels.logSumExp(logW, 0, k) - Math.log(k);
        assertEquals(want, r.bounds()[img][c], 1e-4, "image " + img + " L_" + k);
      }
    }
  }

  /**
   * The same numbers on 1, 2 and 3 threads. At K = 1000 every image is a block of its own
   * ({@link LogLikelihood#CHUNK_ROWS} decoder rows), so the 7 images are shared among the threads
   * in an order that depends on their timing.
   */
  @Test
  void resultsDoNotDependOnTheThreadCount() {
    int prev = Parallel.threads();
    int[] ks = {1, 50, 1000};
    assertEquals(LogLikelihood.CHUNK_ROWS, ks[2], "one image per block");
    try {
      Parallel.setThreads(1);
      LogLikelihood.Result one = LogLikelihood.evaluate(vae(), data(), ks, 5, done -> { });
      for (int threads : new int[] {2, 3}) {
        Parallel.setThreads(threads);
        LogLikelihood.Result many = LogLikelihood.evaluate(vae(), data(), ks, 5, done -> { });
        for (int i = 0; i < one.bounds().length; i++) assertArrayEquals(one.bounds()[i], many.bounds()[i], 0.0, threads + " threads, image " + i);
        assertArrayEquals(one.loc().data, many.loc().data, 0f);
        assertArrayEquals(one.logVar().data, many.logVar().data, 0f);
      }
      double[] m = one.meanBounds();
      assertTrue(m[1] > m[0], "L_50 above L_1 on average: " + m[1] + " vs " + m[0]);
    } finally {
      Parallel.setThreads(prev);
    }
  }

  @Test
  void activeUnitsCountDimensionsWhosePosteriorMeanVaries() {
    // dimension 0 varies across images (variance 1), dimension 1 barely (variance 1e-4)
    Tensor loc = Tensor.of(4, 2, -1.2247449f, 0.01f, 1.2247449f, -0.01f, -1.2247449f, 0.01f, 1.2247449f, -0.01f);
    double[] a = ActiveUnits.activity(loc);
    assertEquals(2.0, a[0], 1e-5);
    assertEquals(1.3333e-4, a[1], 1e-7);
    assertEquals(1, ActiveUnits.count(a));
    double[] kl = ActiveUnits.klPerDimension(Tensor.of(1, 2, 0f, 1f), Tensor.of(1, 2, 0f, 0f));
    assertEquals(0.0, kl[0], 1e-12);
    assertEquals(0.5, kl[1], 1e-12);
  }
}
