package latent.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import latent.data.Dataset;
import latent.io.AtomicFiles;
import latent.model.ModelConfig;
import latent.model.Vae;
import latent.train.RunConfig;
import latent.train.RunFolder;
import latent.train.TrainingConfig;

/**
 * A run's {@code report.html}: one self-contained page (no server, no network, no file beside
 * it needed) with the configuration, the metrics table, the evaluation results when
 * {@code eval.json} exists, and every figure embedded as a base64 {@code data:} URI.
 *
 * <p>A small script marks the page when it has loaded: the body's {@code data-images-loaded}
 * attribute reads {@code "loaded/total"}, counting images with a natural width above zero, so a
 * headless browser can check that every figure decoded.
 */
public final class RunReport {
  public static final String FILE = "report.html";

  private RunReport() {}

  /**
   * Renders the figures of the run in {@code folder}, writes them under {@code figures/} and
   * the report beside them; {@code vae} and {@code test} may be null (see {@link RunFigures#all}).
   * Reads what is there, so it works on a run still training. Returns the report's path.
   */
  public static Path write(RunFolder folder, Vae vae, Dataset test, FigureSettings settings) {
    List<RunFolder.Metrics> metrics = folder.metrics();
    List<Figure> figures = RunFigures.all(metrics, vae, test, settings);
    KlHeatMap.render(folder.diagnostics()).ifPresent(f -> figures.add(Math.min(1, figures.size()), f));   // beside the learning curves
    List<byte[]> pngs = RunFigures.write(folder.dir, figures);
    Path file = folder.dir.resolve(FILE);
    AtomicFiles.writeString(file, html(folder, metrics, figures, pngs, vae == null ? "no model saved yet: the first epoch has not finished" : null));
    return file;
  }

  static String html(RunFolder folder, List<RunFolder.Metrics> metrics, List<Figure> figures, List<byte[]> pngs, String note) {
    RunConfig run = folder.config();
    ModelConfig m = run.model();
    TrainingConfig t = run.training();
    String name = folder.dir.toAbsolutePath().normalize().getFileName().toString();
    StringBuilder h = new StringBuilder(1 << 16);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>latent run ")
        .append(escape(name)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<h1>Run ").append(escape(name)).append("</h1>\n<p class=\"summary\">").append(escape(m.describe())).append(" on ")
        .append(escape(t.data().dataset())).append(", ").append(escape(t.optimizer().kind().label())).append(", batch ")
        .append(t.schedule().batchSize()).append(", seed ").append(t.runtime().seed()).append(". ");
    if (metrics.isEmpty()) {
      h.append("No epoch has finished yet.");
    } else {
      var last = metrics.getLast();
      h.append(String.format(Locale.ROOT, "After %d of %d epochs (%,d images): test ELBO <b>%.2f</b> nats per image.", last.epoch(),
          t.schedule().passes(), last.imagesSeen(), last.testElbo()));
    }
    var stopping = t.schedule().earlyStopping();
    if (stopping.isOn() && !metrics.isEmpty()) {   // which epoch model.safetensors holds: the best validation ELBO's
      var best = metrics.stream().max(java.util.Comparator.comparingDouble(RunFolder.Metrics::validationElbo)).orElseThrow();
      String kept = latent.io.SafeTensors.read(folder.model(), latent.io.SafeTensors.Kind.WEIGHTS).metadata().getOrDefault("epoch", "?");
      h.append(String.format(Locale.ROOT, " Early stopping (patience %d, min delta %s nats): model.safetensors holds epoch %s;"
          + " the best validation ELBO, %.2f, was epoch %d's.", stopping.patience(), stopping.minDelta(), escape(kept), best.validationElbo(), best.epoch()));
    }
    h.append("</p>\n");
    if (note != null) h.append("<p class=\"note\">").append(escape(note)).append("</p>\n");

    h.append("<h2>Metrics</h2>\n").append(metricsTable(metrics));
    String eval = readIfPresent(folder.dir.resolve("eval.json"));
    if (eval != null) h.append("<h2>Evaluation (eval.json)</h2>\n<pre>").append(escape(eval)).append("</pre>\n");
    String detection = readIfPresent(folder.dir.resolve(DetectionCurves.TABLE));
    if (detection != null) {   // left by latent score --labels, with its curves
      h.append("<h2>Anomaly detection (").append(DetectionCurves.TABLE).append(")</h2>\n<pre>").append(escape(detection)).append("</pre>\n");
      for (String curve : DetectionCurves.NAMES) {
        Path png = folder.dir.resolve(RunFigures.FOLDER).resolve(curve + ".png");
        try {
          if (Files.isRegularFile(png)) figure(h, curve, null, Files.readAllBytes(png), null, null);
        } catch (IOException e) {
          h.append("<p class=\"note\">").append(escape(png + ": cannot read (" + e.getMessage() + ")")).append("</p>\n");
        }
      }
    }

    h.append("<h2>Figures</h2>\n");
    if (figures.isEmpty()) h.append("<p>No figures yet.</p>\n");
    for (int i = 0; i < figures.size(); i++) {
      Figure f = figures.get(i);
      figure(h, f.name(), f.title(), pngs.get(i), f.image(), f.caption());
    }
    h.append("<h2>Configuration (config.json)</h2>\n<pre>").append(escape(readIfPresent(folder.dir.resolve(RunFolder.CONFIG)))).append("</pre>\n");
    h.append(SCRIPT).append("</body>\n</html>\n");
    return h.toString();
  }

  /** One embedded PNG as a {@code <figure>}; the title, its image's size and the caption when known. */
  private static void figure(StringBuilder h, String id, String title, byte[] png, java.awt.image.BufferedImage image, String caption) {
    h.append("<figure id=\"").append(escape(id)).append("\">\n");
    if (title != null) h.append("<h3>").append(escape(title)).append("</h3>\n");
    h.append("<img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png)).append('"');
    if (image != null) h.append(" width=\"").append(image.getWidth()).append("\" height=\"").append(image.getHeight()).append('"');
    h.append(" alt=\"").append(escape(title != null ? title : id)).append("\">\n");
    if (caption != null) h.append("<figcaption>").append(escape(caption)).append("</figcaption>\n");
    h.append("</figure>\n");
  }

  static String metricsTable(List<RunFolder.Metrics> rows) {
    boolean validation = rows.stream().anyMatch(r -> Double.isFinite(r.validationElbo()));
    StringBuilder h = new StringBuilder("<table id=\"metrics\">\n<thead><tr><th>epoch</th><th>images seen</th><th>train bound</th>");
    if (validation) h.append("<th>validation ELBO</th>");
    h.append("<th>test ELBO</th><th>seconds</th><th>images/s</th></tr></thead>\n<tbody>\n");
    for (var r : rows) {
      h.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%d</td><td>%.2f</td>", r.epoch(), r.imagesSeen(), r.trainBound()));
      if (validation) h.append(String.format(Locale.ROOT, "<td>%.2f</td>", r.validationElbo()));
      h.append(String.format(Locale.ROOT, "<td>%.2f</td><td>%.1f</td><td>%.0f</td></tr>\n", r.testElbo(), r.seconds(), r.imagesPerSecond()));
    }
    return h.append("</tbody>\n</table>\n").toString();
  }

  private static String readIfPresent(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.readString(p) : null;
    } catch (IOException e) {
      return null;
    }
  }

  static String escape(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String CSS = """
      body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
      .summary { font-size: 1.1em; }
      .note { color: #a60; }
      table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
      th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
      th { background: #f3f3f3; }
      figure { margin: 1.5em 0; }
      figure img { max-width: 100%; height: auto; image-rendering: pixelated; border: 1px solid #ddd; }
      figcaption { color: #555; max-width: 720px; }
      pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; }
      """;

  /** Sets body[data-images-loaded] = "loaded/total" once the page has loaded. */
  private static final String SCRIPT = """
      <script>
      window.addEventListener("load", function () {
        var images = document.images, loaded = 0;
        for (var i = 0; i < images.length; i++) if (images[i].complete && images[i].naturalWidth > 0) loaded++;
        document.body.setAttribute("data-images-loaded", loaded + "/" + images.length);
      });
      </script>
      """;
}
