package latent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import latent.api.LatentModel;
import latent.data.Dataset;
import latent.data.FileData;
import latent.eval.AnomalyScores;
import latent.eval.LogLikelihood;
import latent.eval.ScoreKind;
import latent.eval.Threshold;
import latent.tensor.Tensor;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** VaeModel in local mode against latent's own numbers: the same bits for the same rows, however partitioned. */
class VaeModelTest extends LocalSparkTest {
  /** Per row, by id: column {@code name} of the transformed rows. */
  static Object[] byId(List<Row> rows, String name, int n) {
    Object[] v = new Object[n];
    for (Row r : rows) v[(int) r.getLong(r.fieldIndex("id"))] = r.get(r.fieldIndex(name));
    return v;
  }

  /** L_k per row equals latent score's, bit for bit, on 1, 2 and 7 partitions (rows shuffled among them; 2 threads per task on 2). */
  @Test
  void scoresEqualLatentScoreOnAnyPartitioning() throws Exception {
    for (int k : new int[] {1, 7}) {
      double[] want = Fixture.latentScore(run, input, k, tmp.resolve("scores-" + k + ".csv"));
      VaeModel model = VaeModel.fromRun(run.toString()).setK(k);
      for (int partitions : new int[] {1, 2, 7}) {
        List<Row> rows = model.setThreadsPerTask(partitions == 2 ? 2 : 1).transform(Fixture.frame(spark, x).repartition(partitions)).collectAsList();
        assertEquals(x.rows, rows.size());
        Object[] got = byId(rows, "log_likelihood", x.rows);
        for (int i = 0; i < x.rows; i++) assertEquals(want[i], (double) got[i], 0.0, "k " + k + ", " + partitions + " partitions, row " + i);
      }
    }
  }

  /**
   * The other columns are latent's too: the posterior of latent encode, the ELBO of the same k
   * draws and the reconstruction scores of {@code latent score} ({@link AnomalyScores}), and the
   * reconstruction E[x|z=μ] back in the data's units; a key column seeds the noise instead of the
   * values (its scores equal LogLikelihood's with those keys).
   */
  @Test
  void everyColumnIsLatentsOwnNumber() {
    VaeModel model = VaeModel.fromRun(run.toString()).setK(7).setReconstructionCol("reconstruction");
    List<Row> rows = model.transform(Fixture.frame(spark, x).repartition(3)).collectAsList();
    LatentModel latent = LatentModel.load(run);
    Dataset scaled = FileData.read(run).scaling().scaleNew("x", x, m -> { });
    LatentModel.Posterior posterior = latent.encode(scaled);
    AnomalyScores scores = AnomalyScores.of(latent.vae(), scaled, 7, model.getSeed());
    double[] elbo = scores.of(ScoreKind.ELBO);
    Tensor loc = new Tensor(x.rows, 3, new float[x.rows * 3]);
    for (int i = 0; i < x.rows; i++) System.arraycopy(posterior.loc()[i], 0, loc.data, i * 3, 3);
    float[][] recon = latent.decode(posterior.loc());
    Object[] mean = byId(rows, "latent_mean", x.rows), logVar = byId(rows, "latent_log_var", x.rows), e = byId(rows, "elbo", x.rows),
        r = byId(rows, "reconstruction", x.rows), rl = byId(rows, "recon_loglik", x.rows), re = byId(rows, "recon_error", x.rows);
    Tensor back = Tensor.zeros(x.rows, Fixture.COLUMNS);
    for (int i = 0; i < x.rows; i++) System.arraycopy(recon[i], 0, back.data, i * Fixture.COLUMNS, Fixture.COLUMNS);
    FileData.read(run).scaling().invert(back);
    for (int i = 0; i < x.rows; i++) {
      assertArrayEquals(floats(posterior.loc()[i]), ((Vector) mean[i]).toArray(), 0.0, "μ of row " + i);
      assertArrayEquals(floats(posterior.logVar()[i]), ((Vector) logVar[i]).toArray(), 0.0, "log σ² of row " + i);
      assertEquals(elbo[i], (double) e[i], 0.0, "ELBO of row " + i);
      assertEquals(scores.of(ScoreKind.RECON_LOGLIK)[i], (double) rl[i], 0.0, "log p(x|mu) of row " + i);
      assertEquals(scores.of(ScoreKind.RECON_ERROR)[i], (double) re[i], 0.0, "squared error of row " + i);
      assertArrayEquals(floats(java.util.Arrays.copyOfRange(back.data, i * Fixture.COLUMNS, (i + 1) * Fixture.COLUMNS)), ((Vector) r[i]).toArray(), 0.0,
          "reconstruction of row " + i);
    }
    // the reconstruction is in raw units: column 11 of the data is centred on 11, far outside [0, 1]
    double mean11 = 0;
    for (int i = 0; i < 40; i++) mean11 += ((Vector) r[i]).apply(11) / 40;
    assertTrue(Math.abs(mean11 - 11) < 5, "raw units, not [0, 1]: " + mean11);

    long[] ids = new long[x.rows];
    for (int i = 0; i < x.rows; i++) ids[i] = i;
    double[][] keyed = LogLikelihood.evaluate(latent.vae(), scaled, ids, new int[] {7}, model.getSeed(), d -> { }).bounds();
    for (int partitions : new int[] {1, 5}) {
      Object[] s = byId(model.setKeyCol("id").transform(Fixture.frame(spark, x).repartition(partitions)).collectAsList(), "log_likelihood", x.rows);
      for (int i = 0; i < x.rows; i++) assertEquals(keyed[i][0], (double) s[i], 0.0, "keyed row " + i + ", " + partitions + " partitions");
    }
  }

  static double[] floats(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }

  /**
   * A threshold recorded with the model flags the rows latent's own threshold flags; the model
   * takes its k by default, keeps it through Spark ML persistence, and refuses another k.
   */
  @Test
  void aThresholdRecordedWithTheModelFlagsRows() throws Exception {
    java.nio.file.Path copy = tmp.resolve("with-threshold");
    java.nio.file.Files.createDirectories(copy);
    for (String f : List.of("config.json", "model.safetensors", "data.json")) java.nio.file.Files.copy(run.resolve(f), copy.resolve(f));
    LatentModel latent = LatentModel.load(run);
    Dataset scaled = FileData.read(run).scaling().scaleNew("x", x, m -> { });
    AnomalyScores scores = AnomalyScores.of(latent.vae(), scaled, 9, VaeModel.fromRun(run.toString()).getSeed());
    Threshold t = Threshold.fit(scores, ScoreKind.ELBO, 0.75, "x");
    t.write(copy);
    boolean[] want = t.flags(scores);
    int flagged = 0;
    for (boolean w : want) if (w) flagged++;
    assertTrue(flagged > 0 && flagged < x.rows, flagged + " flagged");

    VaeModel model = VaeModel.fromRun(copy.toString());
    assertEquals(9, model.getK());
    String saved = tmp.resolve("saved-model").toString();
    model.write().save(saved);
    VaeModel back = VaeModel.load(saved);
    for (VaeModel m : List.of(model, back)) {
      Object[] got = byId(m.transform(Fixture.frame(spark, x).repartition(3)).collectAsList(), "anomaly", x.rows);
      for (int i = 0; i < x.rows; i++) assertEquals(want[i], got[i], "row " + i);
    }
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> back.setK(5).transform(Fixture.frame(spark, x)));
    assertTrue(e.getMessage().contains("set k to 9"), e.getMessage());
    // a model without a threshold has no anomaly column
    assertTrue(!List.of(VaeModel.fromRun(run.toString()).transform(Fixture.frame(spark, x)).columns()).contains("anomaly"));
  }
}
