package latent.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import latent.data.Dataset;
import latent.eval.AnomalyScores;
import latent.eval.LogLikelihood;
import latent.model.Encodings;
import latent.tensor.Parallel;
import latent.tensor.Tensor;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * What each task of {@link VaeModel#transform} runs: its partition's rows in blocks of
 * {@value #BLOCK_ROWS}, each scaled as the run recorded and scored with latent's own kernels on
 * {@link Outputs#threads} threads, then written out as the input row followed by the outputs
 * asked for. Row j's noise is seeded by (seed, key_j) ({@link LogLikelihood}), so its L_k is the
 * same in any partition, beside any rows, and equals {@code latent score}'s for the same values.
 * The model comes from the broadcast files, made once per executor ({@link SharedModel}).
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  /** Rows scored together: enough for every thread of a task, few enough to keep memory small. */
  static final int BLOCK_ROWS = 1000;

  private final Broadcast<SharedModel> model;
  private final InputColumns columns;
  private final Outputs outputs;

  PartitionScorer(Broadcast<SharedModel> model, InputColumns columns, Outputs outputs) {
    this.model = model;
    this.columns = columns;
    this.outputs = outputs;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    LoadedRun run = model.value().get();
    int partition = TaskContext.getPartitionId();
    return new Iterator<>() {
      private final List<Row> in = new ArrayList<>(BLOCK_ROWS);
      private Row[] out = new Row[0];
      private int next;
      private long seen;

      @Override
      public boolean hasNext() {
        if (next < out.length) return true;
        if (!rows.hasNext()) return false;
        in.clear();
        while (in.size() < BLOCK_ROWS && rows.hasNext()) in.add(rows.next());
        out = score(run, in, partition, seen);
        seen += in.size();
        next = 0;
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        return out[next++];
      }
    };
  }

  /** One block: the rows' values scaled, their keys, then the outputs. */
  private Row[] score(LoadedRun run, List<Row> rows, int partition, long first) {
    int m = rows.size(), d = columns.size;
    float[] raw = new float[m * d];
    for (int i = 0; i < m; i++) {
      String problem = columns.read(rows.get(i), raw, i * d);
      if (problem != null) {   // the check was turned off (or the data changed since)
        throw new IllegalArgumentException(InputCheck.taskMessage(columns, columns.name(rows.get(i), partition, first + i) + ": " + problem));
      }
    }
    Tensor x = run.scaling().apply(new Tensor(m, d, raw), "column '" + columns.input + "'", true).x();
    long[] keys = new long[m];
    for (int i = 0; i < m; i++) keys[i] = columns.key(rows.get(i), x.data, i * d);
    Dataset data = new Dataset(columns.input, x, null);
    Object[][] values = new Object[m][];
    Parallel.limitedTo(outputs.threads(), () -> {
      Tensor loc, logVar;
      AnomalyScores scores = null;
      boolean[] flagged = null;
      if (outputs.scores()) {
        LogLikelihood.Result r = LogLikelihood.evaluate(run.vae(), data, keys, new int[] {outputs.k()}, outputs.seed(), done -> { });
        loc = r.loc();
        logVar = r.logVar();
        scores = AnomalyScores.from(r, run.vae(), x);
        if (outputs.flags()) flagged = outputs.threshold().flags(scores);
      } else {
        Encodings e = Encodings.of(run.vae(), data);
        loc = e.loc();
        logVar = e.logVar();
      }
      Tensor reconstruction = null;
      if (outputs.reconstructs()) {
        reconstruction = run.vae().decoderMeans(loc);
        run.scaling().invert(reconstruction);
      }
      for (int i = 0; i < m; i++) values[i] = outputs.row(i, loc, logVar, scores, flagged, reconstruction);
    });
    Row[] out = new Row[m];
    for (int i = 0; i < m; i++) {
      Row r = rows.get(i);
      Object[] all = new Object[r.length() + values[i].length];
      for (int c = 0; c < r.length(); c++) all[c] = r.get(c);
      System.arraycopy(values[i], 0, all, r.length(), values[i].length);
      out[i] = RowFactory.create(all);
    }
    return out;
  }

  /** A row of a [rows, cols] tensor as a Spark ML dense vector. */
  static org.apache.spark.ml.linalg.Vector vector(Tensor t, int row) {
    double[] v = new double[t.cols];
    for (int j = 0; j < t.cols; j++) v[j] = t.data[row * t.cols + j];
    return Vectors.dense(v);
  }
}
