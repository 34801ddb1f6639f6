package latent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import latent.InputException;
import latent.data.DataSources;
import latent.data.TrainTest;
import latent.eval.AevbFigure2;
import latent.report.Figure;
import latent.report.Figure2Panels;
import latent.report.Png;
import latent.train.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latent reproduce aevb-figure2 --images N}: AEVB against wake-sleep for five latent sizes ({@link AevbFigure2}). */
@Command(name = "aevb-figure2", mixinStandardHelpOptions = true,
    description = {"Reproduce Figure 2 of the AEVB paper: AEVB against wake-sleep on MNIST for latent sizes 3, 5, 10, 20 and 200,",
        "train and test lower bound against training images seen; one figure with a panel per latent size, and a table.",
        "Run again with the same --out to skip finished runs and resume an unfinished one from its checkpoint."})
public final class ReproduceFigure2Command implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--images", required = true, paramLabel = "N", description = "training images per run (the paper went to 10^8)") long images;
  @Option(names = "--latent", split = ",", paramLabel = "NZ", description = "latent sizes (default 3,5,10,20,200)") List<Integer> latent = AevbFigure2.LATENT_SIZES;
  @Option(names = "--methods", split = ",", paramLabel = "M", description = "of aevb, wake-sleep (default both)") List<String> methods = AevbFigure2.METHODS;
  @Option(names = "--data-dir", paramLabel = "DIR", description = "folder with the MNIST IDX files") Path dataDir;
  @Option(names = "--seed", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})") long seed = 1;
  @picocli.CommandLine.Mixin TableOutput output = new TableOutput();

  @Override
  public Integer call() {
    if (images < 1) throw new InputException("--images: expected a positive count, got " + images);
    for (int nz : latent) if (nz < 1) throw new InputException("--latent: expected positive sizes, got " + nz);
    for (String m : methods) if (!AevbFigure2.METHODS.contains(m)) throw new InputException("--methods: expected some of " + AevbFigure2.METHODS + ", got '" + InputException.excerpt(m) + "'");
    Path dir = output.dir("aevb-figure2");
    TrainTest sets = DataSources.load("mnist", dataDir, TrainCommand::log);
    PrintWriter o = spec.commandLine().getOut();
    List<AevbFigure2.Row> rows = new ArrayList<>();
    for (int nz : latent) {
      for (String m : methods) {
        AevbFigure2.Cell cell = new AevbFigure2.Cell(m, nz);
        var config = AevbFigure2.config(cell, sets.train().dim(), images, sets.train().size(), seed, output.threads, dataDir);
        Progress p = Progress.forStderr(SettingFlags::flag);
        AevbFigure2.Row row = AevbFigure2.cell(cell, config, sets, dir, p);
        p.finishLine();
        rows.add(row);
        o.printf("%s, N_z = %d: train %.2f, test %.2f after %,d images%n", m, nz, row.last().trainBound(), row.last().testElbo(), row.last().imagesSeen());
      }
    }
    String md = AevbFigure2.markdown(command(), rows, images, seed);
    Figure f = Figure2Panels.render(rows);
    byte[] png = Png.encode(f.image());
    Png.write(png, dir.resolve(f.fileName()));
    if (output.doc != null) Png.write(png, output.doc.toAbsolutePath().getParent().resolve(f.fileName()));   // beside the document
    String written = output.write(dir, md);
    o.print(md);
    o.println(written + ", and " + f.fileName() + " beside the table");
    return 0;
  }

  private String command() {
    return String.format("latent reproduce aevb-figure2 --images %d --latent %s --methods %s", images,
        String.join(",", latent.stream().map(String::valueOf).toList()), String.join(",", methods));
  }
}
