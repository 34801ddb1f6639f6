package latent.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import latent.InputException;
import latent.data.Idx;
import latent.model.DecoderType;
import latent.model.ModelConfig;
import latent.model.Vae;
import latent.model.Weights;
import latent.nn.Init;
import latent.random.Xoshiro256;
import latent.tensor.Activation;
import latent.train.CheckpointFiles;
import latent.train.RunFolder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus of bad inputs in {@code src/test/resources/latent/corpus}: each bad file with the
 * message its reader must give ({@code files.tsv}; a bad config.json as {@code latent eval}
 * prints it, naming flags where the core names settings), each bad command line with the message
 * {@code latent} must print ({@code flags.tsv}, exit status 2, one line, no stack trace).
 */
class BadInputCorpusTest {
  @TempDir Path tmp;

  static List<String[]> table(String name) throws IOException {
    try (InputStream in = BadInputCorpusTest.class.getResourceAsStream("/latent/corpus/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> l.split("\t")).toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> badFiles() throws IOException {
    return table("files.tsv").stream().map(row -> DynamicTest.dynamicTest(row[0], () -> {
      Path dir = Files.createDirectories(tmp.resolve(row[0] + ".d"));
      Path file = dir.resolve(row[1].equals("config") ? RunFolder.CONFIG : row[0]);
      try (InputStream in = BadInputCorpusTest.class.getResourceAsStream("/latent/corpus/files/" + row[0])) {
        Files.write(file, in.readAllBytes());
      }
      if (row[1].equals("config")) {   // read as the command line reads it, which names flags where the core names settings
        BadInputTest.Outcome o = BadInputTest.run("eval", dir.toString());
        BadInputTest.assertOneLine(o, file.toString(), row[2]);
        return;
      }
      try {
        switch (row[1]) {
          case "idx" -> Idx.read(file);
          case "model" -> Weights.load(file, new Vae(ModelConfig.of(16, List.of(4), 2, Activation.TANH, DecoderType.BERNOULLI,
              new Init.GlorotUniform()), new Xoshiro256(1)).parameters());
          case "checkpoint" -> CheckpointFiles.read(file);
          default -> throw new IllegalArgumentException("unknown reader " + row[1]);
        }
        fail(row[0] + " was accepted");
      } catch (InputException e) {
        String m = e.getMessage();
        assertTrue(!m.contains("\n") && m.startsWith(file.toString()), "one line naming the file: " + m);
        assertTrue(m.contains(row[2]), "expected '" + row[2] + "' in: " + m);
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> badFlags() throws IOException {
    return table("flags.tsv").stream().map(row -> DynamicTest.dynamicTest(row[0], () -> {
      BadInputTest.Outcome o = BadInputTest.run(row[0].split(" "));
      BadInputTest.assertOneLine(o, row[1]);
    }));
  }
}
