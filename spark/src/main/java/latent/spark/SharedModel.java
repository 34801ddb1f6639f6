package latent.spark;

import java.io.Serializable;

/**
 * A model's files as the executors receive them, in one broadcast: each executor builds the
 * network from them once ({@link #get}) and its tasks share it, since scoring only reads it.
 */
final class SharedModel implements Serializable {
  private final RunFiles files;
  private transient volatile LoadedRun loaded;

  SharedModel(RunFiles files) {
    this.files = files;
  }

  LoadedRun get() {
    LoadedRun l = loaded;
    if (l == null) {
      synchronized (this) {
        if (loaded == null) loaded = LoadedRun.of(files);
        l = loaded;
      }
    }
    return l;
  }
}
