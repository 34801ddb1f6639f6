package latent.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import latent.InputException;
import latent.data.Idx;

/**
 * Which examples are anomalies, for {@link Detection}: read from
 *
 * <ul>
 *   <li>an IDX label file (such as MNIST's {@code t10k-labels-idx1-ubyte}, raw or gzip),
 *   <li>a column of a CSV file with a header line ({@code column} names it), or
 *   <li>a text file with one label per line,
 * </ul>
 *
 * one label per example, in the examples' order. With {@code normalClasses} the labels are
 * classes and every class not listed is an anomaly (the one-class protocol); without, each label
 * must be 0 (normal) or 1 (anomaly).
 */
public final class Labels {
  private Labels() {}

  public static boolean[] read(Path file, String column, Set<Integer> normalClasses, int examples) {
    int[] labels = column != null ? csvColumn(file, column) : Idx.looksLike(file) ? Idx.readLabels(file) : lines(file);
    if (labels.length != examples) {
      throw new InputException(file + ": " + labels.length + " labels for " + examples + " examples; expected one label per example, in order");
    }
    boolean[] anomaly = new boolean[examples];
    int anomalies = 0;
    for (int i = 0; i < examples; i++) {
      if (normalClasses == null && labels[i] != 0 && labels[i] != 1) {
        throw new InputException(file + ": label " + (i + 1) + " is " + labels[i] + "; expected 0 (normal) or 1 (anomaly), or name the normal classes");
      }
      anomaly[i] = normalClasses == null ? labels[i] == 1 : !normalClasses.contains(labels[i]);
      if (anomaly[i]) anomalies++;
    }
    if (anomalies == 0 || anomalies == examples) {
      throw new InputException(file + ": " + anomalies + " anomalies of " + examples + " examples; expected both anomalies and normal examples");
    }
    return anomaly;
  }

  /** One integer per line, blank lines at the end ignored. */
  private static int[] lines(Path file) {
    List<String> lines = readLines(file);
    while (!lines.isEmpty() && lines.getLast().isBlank()) lines.removeLast();
    int[] labels = new int[lines.size()];
    for (int i = 0; i < labels.length; i++) labels[i] = integer(file, "line " + (i + 1), lines.get(i));
    return labels;
  }

  /** The column named {@code column} of a CSV file whose first line names the columns. */
  private static int[] csvColumn(Path file, String column) {
    List<String> lines = readLines(file);
    lines.removeIf(String::isBlank);
    if (lines.isEmpty()) throw new InputException(file + ": empty; expected a CSV file with a header line naming the column '" + column + "'");
    List<String> names = List.of(lines.getFirst().replace("\uFEFF", "").split(",", -1));
    int c = names.stream().map(String::strip).toList().indexOf(column);
    if (c < 0) throw new InputException(file + ": no column '" + InputException.excerpt(column) + "' in the header line (" + InputException.excerpt(lines.getFirst()) + ")");
    int[] labels = new int[lines.size() - 1];
    for (int i = 0; i < labels.length; i++) {
      String[] f = lines.get(i + 1).split(",", -1);
      if (f.length != names.size()) throw new InputException(file + ": line " + (i + 2) + " has " + f.length + " fields, the header " + names.size());
      labels[i] = integer(file, "line " + (i + 2), f[c]);
    }
    return labels;
  }

  private static List<String> readLines(Path file) {
    try {
      return new ArrayList<>(Files.readAllLines(file));
    } catch (IOException | UncheckedIOException e) {
      throw new InputException(file + ": cannot read the labels (" + e.getMessage() + ")");
    }
  }

  private static int integer(Path file, String where, String v) {
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new InputException(file + ": " + where + ": expected an integer label, got '" + InputException.excerpt(v) + "'");
    }
  }
}
