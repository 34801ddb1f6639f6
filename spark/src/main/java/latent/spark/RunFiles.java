package latent.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import latent.InputException;
import latent.data.FileData;
import latent.train.RunFolder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files of a saved latent model, as bytes: what a {@link VaeModel} keeps, broadcasts to the
 * executors and saves. They are a run folder's own files, so a folder {@code latent train}
 * wrote loads here and a saved {@code VaeModel} opens with {@code latent eval} and {@code score}:
 *
 * <pre>
 *   config.json          every setting (model, training, safeguards)
 *   model.safetensors    the weights
 *   data.json            only for runs trained on a data file: the scaling of its values
 *   threshold.json       only when an anomaly threshold was fitted (latent score --fit-threshold, the Java API)
 * </pre>
 *
 * Read and written through Hadoop's file systems (local folders, HDFS, object stores); each file
 * is written under a temporary name and renamed into place.
 *
 * @param source where the files were read from, for messages
 * @param data      data.json's text, or null
 * @param threshold threshold.json's text, or null
 */
record RunFiles(String source, String config, byte[] weights, String data, String threshold) implements Serializable {
  static final String DATA = FileData.FILE;

  /** The files of the run folder {@code dir}; config.json and model.safetensors must exist. */
  static RunFiles read(String dir, Configuration hadoop) {
    Path root = new Path(dir);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.isDirectory(root)) throw new InputException(dir + ": no such run folder");
      for (String required : new String[] {RunFolder.CONFIG, RunFolder.MODEL}) {
        if (!fs.isFile(new Path(root, required))) {
          throw new InputException(dir + ": not a saved latent model (no " + required + "; expected a folder written by latent train, latent import or VaeModel.save)");
        }
      }
      return new RunFiles(dir, text(fs, new Path(root, RunFolder.CONFIG)), bytes(fs, new Path(root, RunFolder.MODEL)),
          optional(fs, new Path(root, DATA)), optional(fs, new Path(root, RunFolder.THRESHOLD)));
    } catch (IOException e) {
      throw new InputException(dir + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /** Writes the files into {@code dir} (created when missing). */
  void write(String dir, Configuration hadoop) {
    Path root = new Path(dir);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      fs.mkdirs(root);
      write(fs, new Path(root, RunFolder.CONFIG), config.getBytes(StandardCharsets.UTF_8));
      write(fs, new Path(root, RunFolder.MODEL), weights);
      if (data != null) write(fs, new Path(root, DATA), data.getBytes(StandardCharsets.UTF_8));
      if (threshold != null) write(fs, new Path(root, RunFolder.THRESHOLD), threshold.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InputException(dir + ": cannot write (" + e.getMessage() + ")");
    }
  }

  /** {@code source/name}, naming one of the files in messages. */
  String file(String name) {
    return source + "/" + name;
  }

  /** Writes {@code bytes} to {@code file} under a temporary name, then renames it into place. */
  static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp");
    try (FSDataOutputStream out = fs.create(tmp, true)) {
      out.write(bytes);
    }
    if (fs.exists(file)) fs.delete(file, false);
    if (!fs.rename(tmp, file)) throw new IOException("cannot rename " + tmp + " to " + file);
  }

  private static byte[] bytes(FileSystem fs, Path file) throws IOException {
    try (var in = fs.open(file)) {
      return in.readAllBytes();
    }
  }

  private static String optional(FileSystem fs, Path file) throws IOException {
    return fs.isFile(file) ? text(fs, file) : null;
  }

  private static String text(FileSystem fs, Path file) throws IOException {
    return new String(bytes(fs, file), StandardCharsets.UTF_8);
  }
}
