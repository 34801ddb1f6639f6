package latent.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import latent.eval.GradientStatistics;
import latent.eval.ScoreFunctionToy;
import latent.model.DecoderType;
import latent.objective.GradientEstimator;
import latent.objective.Objective;
import latent.objective.SgvbEstimator;
import latent.train.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The estimator and comparison charts: the size they promise and series actually drawn. */
class EstimatorChartsTest {
  @TempDir Path tmp;

  static void checkDrawn(Figure f, int width, int height, Path file) {
    Png.write(f.image(), file);
    RunFiguresTest.checkChart(file, width, height);
  }

  @Test
  void toyChartAndSnrChart() {
    checkDrawn(EstimatorCharts.toy(ScoreFunctionToy.run(new double[] {0, 1, 2, 3}, 2000, 1)), 760, 500, tmp.resolve("toy.png"));
    List<GradientStatistics.Row> rows = new java.util.ArrayList<>();
    for (int k : new int[] {1, 5, 50}) {
      rows.add(new GradientStatistics.Row(new Objective(Objective.Kind.IWAE, k, SgvbEstimator.B), "encoder", 1, 1, 0.3 / Math.sqrt(k)));
      rows.add(new GradientStatistics.Row(new Objective(Objective.Kind.IWAE, k, SgvbEstimator.B, new GradientEstimator.Dreg()), "encoder", 1, 1,
          0.3 + 0.01 * k));
    }
    checkDrawn(EstimatorCharts.snrAgainstK(rows), 760, 500, tmp.resolve("snr.png"));
  }

  @Test
  void compareDrawsOneCurvePerRun() {
    TinyRuns.train(tmp.resolve("a"), 2, DecoderType.BERNOULLI, 3);
    TinyRuns.train(tmp.resolve("b"), 4, DecoderType.BERNOULLI, 3);
    List<CompareCurves.Run> runs = List.of(new CompareCurves.Run("a", RunFolder.open(tmp.resolve("a")).metrics()),
        new CompareCurves.Run("b", RunFolder.open(tmp.resolve("b")).metrics()));
    Figure f = CompareCurves.render(runs, Double.NaN);
    assertTrue(f.caption().contains("a ") && f.caption().contains("b "), f.caption());
    checkDrawn(f, 800, 520, tmp.resolve("compare.png"));
  }
}
