package latent.cli;

import java.nio.file.Path;
import java.util.Locale;
import latent.InputException;
import latent.data.Binarization;
import latent.data.Dataset;
import latent.data.FileData;
import latent.data.MappedNpy;
import latent.data.Scaling;
import latent.model.Vae;
import latent.random.Xoshiro256;
import latent.tensor.Tensor;
import latent.train.RunConfig;
import latent.train.RunFolder;
import latent.train.Trainer;

/**
 * A saved run and a file of new examples for it, read a block of {@value #BLOCK} rows at a time
 * (a {@code .npy} file through a mapping, so memory does not grow with the file; a CSV or IDX
 * file is read whole first), scaled with the range recorded at training ({@code data.json}; for
 * runs trained on IDX data the {@code --scale} given, default none) and clamped into [0, 1].
 * Each example is then used as it is, so its encoding or score does not depend on the other
 * rows of the file; with {@code binarize}, a Bernoulli model trained on binarized data gets the
 * inputs binarized once with the run's test seed, as its test set was (block by block, the
 * same draws as for the whole file: a block holds an even number of values, and the draws
 * come two per generator word).
 */
record RunInput(RunFolder folder, RunConfig config, Vae vae, Path input, int rows, Scaling scaling, boolean binarize,
                MappedNpy mapped, Tensor whole) {
  /** Rows per block: even, so that blocks binarize as the whole file would. */
  static final int BLOCK = 8192;

  /** What is done with each block of scaled rows, the first of them row {@code from} of the input. */
  @FunctionalInterface
  interface Block {
    void accept(int from, Dataset rows) throws java.io.IOException;
  }

  static RunInput load(Path run, Path input, String scale, boolean binarize) {
    RunInputs in = RunInputs.open(run, true);
    RunConfig cfg = in.config();
    boolean npy = input.getFileName() != null && input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    MappedNpy mapped = npy ? MappedNpy.open(input) : null;
    Tensor whole = npy ? null : FileData.readMatrix(input);
    int cols = npy ? mapped.cols() : whole.cols, rows = npy ? mapped.rows() : whole.rows;
    if (cols != cfg.model().inputSize()) {
      throw new InputException(input + ": " + cols + " values per row, the model in " + run + " expects " + cfg.model().inputSize());
    }
    Scaling scaling;
    if (in.fileData()) {
      scaling = FileData.read(run).scaling();
      if (scale != null && Scaling.parse(scale) != scaling.kind()) {
        throw new InputException("--scale: " + run + " was trained with --scale " + scaling.label() + ", which is used for its inputs; omit --scale");
      }
    } else {
      Scaling.Kind kind = Scaling.parse(scale == null ? "none" : scale);
      if (kind != Scaling.Kind.NONE && kind != Scaling.Kind.BYTES) {
        throw new InputException("--scale: " + run + " was trained on IDX data (bytes / 255); expected none or bytes, got " + scale);
      }
      scaling = new Scaling.Fit(kind, cols).scaling();
    }
    return new RunInput(in.folder(), cfg, in.vae(), input, rows, scaling, binarize && Trainer.binarizesTestSet(cfg), mapped, whole);
  }

  /** Gives the input's rows to {@code block} in order, a block at a time; reports the values clamped into [0, 1]. */
  void forEachBlock(Block block) throws java.io.IOException {
    Xoshiro256 rng = new Xoshiro256(config.training().data().testSeed());
    long clamped = 0;
    for (int from = 0; from < rows; from += BLOCK) {
      int m = Math.min(BLOCK, rows - from);
      Tensor raw = mapped != null ? mapped.read(from, m) : whole.sliceRows(from, m);
      Scaling.Scaled s = scaling.apply(raw, input.toString(), true, from);
      clamped += s.clamped();
      Tensor x = s.x();
      if (binarize) Binarization.sample(x.data, 0, x.data, 0, x.data.length, rng);
      block.accept(from, new Dataset(input.toString(), x, null));
    }
    if (clamped > 0) System.err.printf("latent: %s: %,d values outside the training range were clamped into [0, 1]%n", input, clamped);
  }
}
