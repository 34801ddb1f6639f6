package latent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.eval.AnomalyScores;
import latent.eval.Detection;
import latent.io.AtomicFiles;
import latent.objective.Objective;
import latent.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code latent score RUN --input FILE --k K}: per-example L_k, ranked from the most anomalous. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = {"Score examples by L_k <= log p(x), the most anomalous first.",
        "L_k is the importance-sampled bound of a saved run, in nats. Prints the first --top rows; --output writes them all."})
public final class ScoreCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "RUN", description = "run folder") Path run;
  @Option(names = "--input", required = true, paramLabel = "FILE", description = "examples, .npy or .csv, one row per example") Path input;
  @Option(names = "--k", paramLabel = "K", description = "importance samples per example (default ${DEFAULT-VALUE})") int k = AnomalyScores.DEFAULT_K;
  @Option(names = "--output", paramLabel = "FILE.csv", description = "write every example: rank,row,L_k (row counts from 0 in the input)") Path output;
  @Option(names = "--top", paramLabel = "N", description = "rows printed (default ${DEFAULT-VALUE})") int top = 10;
  @Option(names = "--scale", paramLabel = "RULE", description = "for runs trained on IDX data: none (default) or bytes; runs trained on files use their recorded scaling") String scale;
  @Option(names = "--binarize", description = "binarize the inputs once with the run's test seed, as 'latent eval' does its test set (Bernoulli models trained on binarized data)") boolean binarize;
  @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)") int threads = Parallel.CORES;
  @Option(names = "--labels", paramLabel = "FILE", description = "one 0 or 1 per line for each example, 1 marking an anomaly: also print the AUROC and AUPRC of the anomaly score -L_k") Path labels;

  @Override
  public Integer call() {
    if (k < 1 || k > Objective.MAX_SAMPLES) throw new InputException("--k: expected 1 to " + Objective.MAX_SAMPLES + ", got " + k);
    if (top < 0) throw new InputException("--top: expected a count >= 0, got " + top);
        if (output != null && !output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
      throw new InputException("--output: expected a file ending in .csv, got " + output);
    }
    Parallel.setThreads(threads);
    RunInput in = RunInput.load(run, input, scale, binarize);
    if (!binarize && in.config().model().decoder() == latent.model.DecoderType.BERNOULLI && !in.data().isBinary()) {
      System.err.println("latent: note: the inputs are not binary; the Bernoulli decoder scores grey values by cross-entropy (--binarize draws binary inputs as the test set's)");
    }
    latent.train.Progress progress = latent.train.Progress.forStderr();
    int total = in.data().size();
    AnomalyScores s = AnomalyScores.of(in.vae(), in.data(), k, in.config().training().data().testSeed(), done -> progress.update("L_" + k, done, total));
    progress.finishLine();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%6s %8s %14s%n", "rank", "row", "L_" + k + " (nats)");
    for (int r = 0; r < Math.min(top, s.ranking().length); r++) out.printf("%6d %8d %14.3f%n", r + 1, s.ranking()[r], s.bounds()[s.ranking()[r]]);
    out.printf("mean L_%d = %.3f nats over %,d examples (lowest first: the most anomalous)%n", k, s.mean(), s.bounds().length);
    if (labels != null) {
      boolean[] anomaly = readLabels(labels, s.bounds().length);
      double[] score = new double[anomaly.length];
      for (int i = 0; i < score.length; i++) score[i] = -s.bounds()[i];   // the less probable, the more anomalous
      int anomalies = 0;
      for (boolean a : anomaly) if (a) anomalies++;
      out.printf("AUROC %.4f, AUPRC %.4f of the anomaly score -L_%d (%,d anomalies of %,d examples; AUPRC by chance: %.4f)%n",
          Detection.auroc(score, anomaly), Detection.auprc(score, anomaly), k, anomalies, anomaly.length, (double) anomalies / anomaly.length);
    }
    if (output != null) {
      StringBuilder csv = new StringBuilder("rank,row,L_" + k + "\n");
      for (int r = 0; r < s.ranking().length; r++) {
        csv.append(r + 1).append(',').append(s.ranking()[r]).append(',').append(s.bounds()[s.ranking()[r]]).append('\n');
      }
      AtomicFiles.writeString(output, csv.toString());
      out.printf("written: %s%n", output);
    }
    return 0;
  }

  /** One label per line, 0 or 1, for each of {@code examples} examples. */
  static boolean[] readLabels(Path file, int examples) {
    java.util.List<String> lines;
    try {
      lines = java.nio.file.Files.readAllLines(file);
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      throw new InputException(file + ": cannot read the labels (" + e.getMessage() + ")");
    }
    while (!lines.isEmpty() && lines.getLast().isBlank()) lines.removeLast();
    if (lines.size() != examples) {
      throw new InputException(file + ": " + lines.size() + " labels for " + examples + " examples; expected one 0 or 1 per line for each example");
    }
    boolean[] anomaly = new boolean[examples];
    int anomalies = 0;
    for (int i = 0; i < examples; i++) {
      String v = lines.get(i).strip();
      if (!v.equals("0") && !v.equals("1")) throw new InputException(file + ": line " + (i + 1) + ": expected 0 or 1, got '" + InputException.excerpt(v) + "'");
      anomaly[i] = v.equals("1");
      if (anomaly[i]) anomalies++;
    }
    if (anomalies == 0 || anomalies == examples) {
      throw new InputException(file + ": " + anomalies + " anomalies of " + examples + " examples; expected both 0s and 1s");
    }
    return anomaly;
  }
}
