package latent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import latent.data.Dataset;
import latent.report.FigureSettings;
import latent.report.RunReport;
import latent.train.Trainer;

/** The report written when training ends; a failure there costs the report, never the trained run. */
final class TrainingReport {
  private TrainingReport() {}

  static void write(Trainer.Result r, Dataset test, PrintWriter out) {
    try {
      Path file = RunReport.write(r.folder(), r.model(), test, FigureSettings.DEFAULTS);
      out.printf("report: %s%n", file.toAbsolutePath().normalize());
    } catch (RuntimeException | Error e) {
      if (e instanceof OutOfMemoryError) throw e;
      System.err.println("latent: the run is saved, but its report was not written (" + e + "); try 'latent report " + r.folder().dir + "'");
    }
  }
}
