package latent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import latent.InputException;
import latent.eval.AnomalyScores;
import latent.eval.Detection;
import latent.eval.Labels;
import latent.eval.ScoreKind;
import latent.eval.Threshold;
import latent.io.AtomicFiles;
import latent.objective.Objective;
import latent.report.DetectionCurves;
import latent.report.Figure;
import latent.report.RunFigures;
import latent.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code latent score RUN --input FILE}: per-example anomaly scores (L_k, ELBO, reconstruction
 * log-likelihood and error), ranked from the most anomalous; fits, records and applies a
 * threshold; with labels, how well each score detects the anomalies.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = {"Score examples for anomalies, the most anomalous first.",
        "Scores: lk (L_k <= log p(x), importance-sampled, in nats), elbo, recon-loglik (log p(x|z=mu(x))) and recon-error",
        "(squared error of E[x|z=mu(x)]); the first of --scores ranks. --fit-threshold Q records a threshold in RUN/threshold.json;",
        "later calls flag the examples above it. --labels reports AUROC, AUPRC and precision/recall at the threshold, and",
        "draws ROC and precision-recall curves into RUN/figures (and 'latent report')."})
public final class ScoreCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "RUN", description = "run folder") Path run;
  @Option(names = "--input", required = true, paramLabel = "FILE", description = "examples, .npy or .csv, one row per example, or an IDX image file (read as byte / 255)") Path input;
  @Option(names = "--k", paramLabel = "K", description = "importance samples per example (default: the threshold's k, else " + AnomalyScores.DEFAULT_K + ")") Integer k;
  @Option(names = "--scores", split = ",", paramLabel = "KIND", description = "of lk, elbo, recon-loglik, recon-error (default all, in that order); the first ranks and is thresholded") List<String> scores;
  @Option(names = "--output", paramLabel = "FILE.csv", description = "write every example in input order: row,one column per score[,anomaly] (row counts from 0), as the blocks are scored") Path output;
  @Option(names = "--top", paramLabel = "N", description = "rows printed (default ${DEFAULT-VALUE})") int top = 10;
  @Option(names = "--scale", paramLabel = "RULE", description = "for runs trained on IDX data: none (default) or bytes; runs trained on files use their recorded scaling") String scale;
  @Option(names = "--binarize", description = "binarize the inputs once with the run's test seed, as 'latent eval' does its test set (Bernoulli models trained on binarized data)") boolean binarize;
  @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)") int threads = Parallel.CORES;
  @Option(names = "--fit-threshold", paramLabel = "Q", description = "take these examples (with --labels: those labelled normal) as normal data: record the Q quantile (e.g. 0.99) of the first score in RUN/threshold.json, replacing any earlier one") Double fitThreshold;
  @Option(names = "--labels", paramLabel = "FILE", description = "which examples are anomalies: an IDX label file, a text file of one label per line, or a CSV file with --label-column") Path labels;
  @Option(names = "--label-column", paramLabel = "NAME", description = "the column of the --labels CSV file that holds the labels") String labelColumn;
  @Option(names = "--normal-class", split = ",", paramLabel = "C", description = "the labels are classes: these are normal, every other class an anomaly (default: labels are 0 normal, 1 anomaly)") List<Integer> normalClasses;

  @Override
  public Integer call() throws java.io.IOException {
    if (k != null && (k < 1 || k > Objective.MAX_SAMPLES)) throw new InputException("--k: expected 1 to " + Objective.MAX_SAMPLES + ", got " + k);
    if (top < 0) throw new InputException("--top: expected a count >= 0, got " + top);
    if (output != null && !output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
      throw new InputException("--output: expected a file ending in .csv, got " + output);
    }
    if (fitThreshold != null && !(fitThreshold >= 0 && fitThreshold <= 1)) throw new InputException("--fit-threshold: expected a quantile in [0, 1], got " + fitThreshold);
    if (labels == null && (labelColumn != null || normalClasses != null)) throw new InputException("--label-column and --normal-class: expected with --labels");
    List<ScoreKind> kinds = kinds();
    Parallel.setThreads(threads);
    RunInput in = RunInput.load(run, input, scale, binarize);
    Optional<Threshold> recorded = fitThreshold != null ? Optional.empty() : Threshold.read(run);
    if (recorded.isPresent() && k != null && k != recorded.get().k() && recorded.get().kind().dependsOnK()) {
      throw new InputException("--k: the threshold in " + run.resolve(Threshold.FILE) + " was fitted with k = " + recorded.get().k() + "; omit --k or give that");
    }
    int samples = k != null ? k : recorded.map(Threshold::k).orElse(AnomalyScores.DEFAULT_K);
    boolean[] anomaly = labels == null ? null : Labels.read(labels, labelColumn, normalClasses == null ? null : new HashSet<>(normalClasses), in.rows());

    // One pass over the input a block at a time. Without labels or a threshold to fit, memory
    // does not grow with the rows: the CSV is written as the blocks are scored; with them, every
    // score is kept (8 bytes per example and kind) and the CSV written at the end.
    boolean keep = anomaly != null || fitThreshold != null;
    Pass pass = new Pass(kinds, samples, top, recorded.orElse(null), keep);
    if (output != null && !keep) {
      AtomicFiles.write(output, out -> {
        out.write(csvHeader(kinds, samples, recorded.isPresent()));
        in.forEachBlock((from, rows) -> out.write(csvRows(from, score(in, pass, from, rows), kinds, recorded.orElse(null))));
      });
    } else {
      in.forEachBlock((from, rows) -> score(in, pass, from, rows));
    }
    pass.progress.finishLine();
    AnomalyScores all = keep ? AnomalyScores.concat(pass.blocks) : null;
    Optional<Threshold> threshold = fitThreshold == null ? recorded : Optional.of(fit(all, kinds.getFirst(), anomaly));

    PrintWriter out = spec.commandLine().getOut();
    out.printf("%6s %8s", "rank", "row");
    for (ScoreKind kind : kinds) out.printf(" %14s", kind.column(samples));
    out.println(threshold.isEmpty() ? "" : "  anomaly");
    List<Pass.Row> best = pass.top();
    for (int r = 0; r < best.size(); r++) {
      Pass.Row row = best.get(r);
      out.printf("%6d %8d", r + 1, row.index());
      for (ScoreKind kind : kinds) out.printf(" %14.3f", row.scores()[kind.ordinal()]);
      out.println(threshold.isEmpty() ? "" : threshold.get().flags(row.scores()[threshold.get().kind().ordinal()]) ? "  yes" : "  no");
    }
    out.printf("mean over %,d examples:", in.rows());
    for (ScoreKind kind : kinds) out.printf(" %s %.3f", kind.column(samples), pass.means[kind.ordinal()].getAverage());
    out.printf(" (ranked by %s, the most anomalous first)%n", kinds.getFirst().label());
    if (fitThreshold != null) {
      threshold.get().write(run);
      out.printf("threshold recorded in %s: anomaly when %s%n", run.resolve(Threshold.FILE), threshold.get().describe());
    }
    boolean[] flags = keep ? threshold.map(t -> t.flags(all)).orElse(null) : null;
    if (threshold.isPresent()) {
      long flagged = flags != null ? IntStream.range(0, flags.length).filter(i -> flags[i]).count() : pass.flagged;
      out.printf("flagged %,d of %,d examples (%.2f%%): %s%n", flagged, in.rows(), 100.0 * flagged / in.rows(), threshold.get().describe());
    }
    if (anomaly != null) detection(out, all, kinds, anomaly, threshold.orElse(null), flags);
    if (output != null && keep) AtomicFiles.write(output, o -> {
      o.write(csvHeader(kinds, samples, threshold.isPresent()));
      o.write(csvRows(0, all, kinds, threshold.orElse(null)));
    });
    if (output != null) out.printf("written: %s%n", output);
    return 0;
  }

  /** Scores one block, into the pass's means, top rows and count of flags (and kept blocks). */
  private AnomalyScores score(RunInput in, Pass pass, int from, latent.data.Dataset rows) {
    if (!binarize && !pass.noted && in.config().model().decoder() == latent.model.DecoderType.BERNOULLI && !rows.isBinary()) {
      System.err.println("latent: note: the inputs are not binary; the Bernoulli decoder scores grey values by cross-entropy (--binarize draws binary inputs as the test set's)");
      pass.noted = true;
    }
    AnomalyScores s = AnomalyScores.of(in.vae(), rows, pass.k, in.config().training().data().testSeed(),
        done -> pass.progress.update("L_" + pass.k, from + done, in.rows()));
    pass.add(from, s);
    return s;
  }

  /** The CSV's first line: row, a column per score, and the flag when there is a threshold. */
  private static byte[] csvHeader(List<ScoreKind> kinds, int k, boolean flags) {
    StringBuilder csv = new StringBuilder("row");
    for (ScoreKind kind : kinds) csv.append(',').append(kind.column(k));
    return csv.append(flags ? ",anomaly\n" : "\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The CSV lines of a block's examples, in input order, the first of them row {@code from}. */
  private static byte[] csvRows(int from, AnomalyScores s, List<ScoreKind> kinds, Threshold threshold) {
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < s.size(); i++) {
      csv.append(from + i);
      for (ScoreKind kind : kinds) csv.append(',').append(s.of(kind)[i]);
      csv.append(threshold == null ? "" : threshold.flags(s.of(threshold.kind())[i]) ? ",1" : ",0").append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * What one pass over the input gathers: each kind's mean, the {@code top} most anomalous rows
   * by the first kind (a bounded heap; ties go to the earlier row), the count of rows a
   * recorded threshold flags, and, when kept, every block's scores.
   */
  private static final class Pass {
    record Row(int index, double rank, double[] scores) {}

    final List<ScoreKind> kinds;
    final int k, top;
    final Threshold threshold;
    final List<AnomalyScores> blocks = new java.util.ArrayList<>();
    final boolean keep;
    final java.util.DoubleSummaryStatistics[] means = new java.util.DoubleSummaryStatistics[ScoreKind.ALL.size()];
    final java.util.PriorityQueue<Row> heap;   // the least anomalous of the best at its head
    final latent.train.Progress progress = latent.train.Progress.forStderr();
    long flagged;
    boolean noted;

    Pass(List<ScoreKind> kinds, int k, int top, Threshold threshold, boolean keep) {
      this.kinds = kinds;
      this.k = k;
      this.top = top;
      this.threshold = threshold;
      this.keep = keep;
      for (int c = 0; c < means.length; c++) means[c] = new java.util.DoubleSummaryStatistics();
      heap = new java.util.PriorityQueue<>(Comparator.comparingDouble(Row::rank).thenComparing(Row::index, Comparator.reverseOrder()));
    }

    void add(int from, AnomalyScores s) {
      if (keep) blocks.add(s);
      ScoreKind first = kinds.getFirst();
      for (int i = 0; i < s.size(); i++) {
        for (ScoreKind kind : ScoreKind.ALL) means[kind.ordinal()].accept(s.of(kind)[i]);
        if (threshold != null && threshold.flags(s.of(threshold.kind())[i])) flagged++;
        double rank = first.anomaly(s.of(first)[i]);
        if (heap.size() < top || (top > 0 && rank > heap.peek().rank())) {
          double[] all = new double[ScoreKind.ALL.size()];
          for (ScoreKind kind : ScoreKind.ALL) all[kind.ordinal()] = s.of(kind)[i];
          heap.add(new Row(from + i, rank, all));
          if (heap.size() > top) heap.poll();
        }
      }
    }

    /** The top rows, the most anomalous first. */
    List<Row> top() {
      return heap.stream().sorted(Comparator.comparingDouble(Row::rank).reversed().thenComparingInt(Row::index)).toList();
    }
  }

  /** The threshold fitted to these examples, or with labels to those labelled normal. */
  private Threshold fit(AnomalyScores s, ScoreKind kind, boolean[] anomaly) {
    if (anomaly == null) return Threshold.fit(s, kind, fitThreshold, input.toString());
    boolean[] normal = new boolean[anomaly.length];
    for (int i = 0; i < normal.length; i++) normal[i] = !anomaly[i];
    return Threshold.fit(s.where(normal), kind, fitThreshold, input + " (the examples " + labels + " marks normal)");
  }

  /** The score kinds asked for, first the one that ranks. */
  private List<ScoreKind> kinds() {
    if (scores == null) return ScoreKind.ALL;
    List<ScoreKind> kinds;
    try {
      kinds = scores.stream().map(ScoreKind::parse).distinct().toList();
    } catch (InputException e) {
      throw new InputException("--scores: " + e.getMessage());
    }
    return kinds;
  }

  /** AUROC, AUPRC (and precision and recall at the threshold) of each kind; the table and the curves into the run folder. */
  private void detection(PrintWriter out, AnomalyScores s, List<ScoreKind> kinds, boolean[] anomaly, Threshold threshold, boolean[] flags) {
    int anomalies = 0;
    for (boolean a : anomaly) if (a) anomalies++;
    StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%s against %s: %,d anomalies of %,d examples (AUPRC by chance %.4f)%n",
        input, labels, anomalies, anomaly.length, (double) anomalies / anomaly.length));
    t.append(String.format("%-14s %8s %8s%n", "score", "AUROC", "AUPRC"));
    for (ScoreKind kind : kinds) {
      double[] a = s.anomaly(kind);
      t.append(String.format(Locale.ROOT, "%-14s %8.4f %8.4f%n", kind.column(s.k()), Detection.auroc(a, anomaly), Detection.auprc(a, anomaly)));
    }
    if (flags != null) {
      double[] pr = Detection.precisionRecall(flags, anomaly);
      t.append(String.format(Locale.ROOT, "at the threshold (%s): precision %.4f, recall %.4f%n", threshold.describe(), pr[0], pr[1]));
    }
    out.print(t);
    List<Figure> figures = DetectionCurves.render(s, kinds, anomaly, input.getFileName().toString());
    RunFigures.write(run, figures);
    AtomicFiles.writeString(run.resolve(DetectionCurves.TABLE), t.toString());
    out.printf("written: %s, %s and %s%n", run.resolve(DetectionCurves.TABLE), RunFigures.file(run, figures.get(0)), RunFigures.file(run, figures.get(1)));
  }
}
