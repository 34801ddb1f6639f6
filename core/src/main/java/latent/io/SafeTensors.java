package latent.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import latent.InputException;

/**
 * Named tensors in the safetensors format (Hugging Face), the one codec of every tensor file
 * latent writes or reads: model weights, training checkpoints and exported models.
 *
 * <pre>
 *   [8 bytes]  N, little-endian: length of the JSON header (padded with spaces to a multiple of 8)
 *   [N bytes]  {"NAME": {"dtype": "F32"|"I32", "shape": [d0, d1, …], "data_offsets": [begin, end]}, …,
 *               "__metadata__": {"key": "value", …}}
 *   [...]      the tensors' bytes, row-major little-endian, offsets relative to the end of the header
 *
 *   sealed files:  sha256 = SHA-256(the whole file with the checksum's 64 digits written as '0')
 * </pre>
 *
 * Written: the tensors in the order given, the metadata keys in sorted order, so the same
 * contents always give the same bytes; a sealed file (a training checkpoint) also carries the
 * SHA-256 above as the metadata entry {@value #CHECKSUM}. Read: every length and offset is
 * checked against the file's size before anything is allocated, a sealed file's checksum is
 * verified, and every problem is one {@link InputException} naming the file. Values are read
 * for F32 and I32; a tensor of another dtype, or whose data offsets disagree with its shape,
 * keeps its name, dtype and shape but no values (see {@link Tensor}).
 */
public final class SafeTensors {
  static final String CHECKSUM = "sha256";
  private static final String ZEROS = "0".repeat(64);
  private static final long MAX_HEADER = 100L << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private SafeTensors() {}

  /** A kind of file: how messages name it, and whether it is sealed with a checksum. */
  public record Kind(String noun, boolean sealed) {
    /** Model weights and exports: any safetensors reader's files. */
    public static final Kind WEIGHTS = new Kind("safetensors file", false);
    /** A training checkpoint: sealed, so that any changed byte is detected. */
    public static final Kind CHECKPOINT = new Kind("checkpoint", true);
  }

  /**
   * One tensor: {@code f32} or {@code i32} holds its values, row-major. A tensor read from a
   * file whose values could not be read (another dtype, or data offsets that disagree with its
   * shape) has neither, and {@code problem} says why; {@link #floats} and {@link #ints} then
   * throw it, so a caller checks the name, dtype and shape it expects first and reports those.
   */
  public record Tensor(String name, String dtype, long[] shape, float[] f32, int[] i32, String problem) {
    public static Tensor of(String name, long[] shape, float[] values) {
      return new Tensor(name, "F32", shape, values, null, null);
    }

    /** A matrix {@code [rows, cols]}, as latent's parameters are stored. */
    public static Tensor matrix(String name, int rows, int cols, float[] values) {
      return of(name, new long[] {rows, cols}, values);
    }

    public static Tensor ints(String name, int[] values) {
      return new Tensor(name, "I32", new long[] {values.length}, null, values, null);
    }

    /** The F32 values; anything else is bad input naming {@code file}. */
    public float[] floats(String file) {
      if (f32 == null) throw new InputException(file + ": tensor " + name + " " + (problem != null ? problem : "has dtype " + dtype + ", expected F32"));
      return f32;
    }

    /** The I32 values; anything else is bad input naming {@code file}. */
    public int[] ints(String file) {
      if (i32 == null) throw new InputException(file + ": tensor " + name + " " + (problem != null ? problem : "has dtype " + dtype + ", expected I32"));
      return i32;
    }

    /** Whether it is {@code [rows, cols]}. */
    public boolean isMatrix(int rows, int cols) {
      return shape.length == 2 && shape[0] == rows && shape[1] == cols;
    }

    /** The shape as the header writes it, {@code [16,4]}. */
    public String shapeText() {
      return Arrays.toString(shape).replace(" ", "");
    }

    int bytes() {
      return 4 * (f32 != null ? f32.length : i32.length);
    }
  }

  /** The tensors in file order and the metadata (sorted by key, without a checksum). */
  public record Contents(List<Tensor> tensors, SortedMap<String, String> metadata) {
    public Contents(List<Tensor> tensors, Map<String, String> metadata) {
      this(List.copyOf(tensors), (SortedMap<String, String>) new TreeMap<>(metadata));
    }

    /** The tensor named {@code name}, or null. */
    public Tensor tensor(String name) {
      for (Tensor t : tensors) if (t.name().equals(name)) return t;
      return null;
    }

    /** The tensor named {@code name}; its absence is bad input naming {@code file}. */
    public Tensor tensor(String name, String file) {
      Tensor t = tensor(name);
      if (t == null) throw new InputException(file + ": missing tensor " + name);
      return t;
    }

    /** The metadata entry {@code key}; its absence is bad input naming {@code file}. */
    public String meta(String key, String file) {
      String v = metadata.get(key);
      if (v == null) throw new InputException(file + ": missing metadata entry " + key);
      return v;
    }
  }

  /** Writes {@code c} to {@code file} atomically ({@link AtomicFiles}), unsealed. */
  public static void write(Path file, Contents c) {
    AtomicFiles.write(file, out -> write(out, c, false));
  }

  /** Writes {@code c} to {@code out}; {@code seal} adds the checksum. */
  public static void write(OutputStream out, Contents c, boolean seal) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    long offset = 0;
    for (Tensor t : c.tensors()) {
      if (t.f32() == null && t.i32() == null) throw new IllegalArgumentException(t.name() + ": no values to write");
      ObjectNode e = header.putObject(t.name());
      e.put("dtype", t.f32() != null ? "F32" : "I32");
      var shape = e.putArray("shape");
      for (long d : t.shape()) shape.add(d);
      e.putArray("data_offsets").add(offset).add(offset + t.bytes());
      offset += t.bytes();
    }
    if (!c.metadata().isEmpty() || seal) {
      ObjectNode meta = header.putObject("__metadata__");
      SortedMap<String, String> entries = new TreeMap<>(c.metadata());
      if (seal) entries.put(CHECKSUM, ZEROS);
      entries.forEach(meta::put);
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;   // the data starts 8-byte aligned, as the reference writer does
    byte[] head = new byte[8 + padded];
    ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
    System.arraycopy(json, 0, head, 8, json.length);
    Arrays.fill(head, 8 + json.length, head.length, (byte) ' ');
    ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(offset)).order(ByteOrder.LITTLE_ENDIAN);
    for (Tensor t : c.tensors()) {
      if (t.f32() != null) data.asFloatBuffer().put(t.f32());
      else data.asIntBuffer().put(t.i32());
      data.position(data.position() + t.bytes());
    }
    if (seal) {
      MessageDigest sha = sha256();
      sha.update(head);
      sha.update(data.array());
      byte[] digits = HexFormat.of().formatHex(sha.digest()).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(digits, 0, head, checksumAt(head, head.length, ZEROS), 64);
    }
    out.write(head);
    out.write(data.array());
  }

  /** Reads and checks {@code file} as a file of {@code kind}. */
  public static Contents read(Path file, Kind kind) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such " + kind.noun());
    } catch (IOException | OutOfMemoryError e) {
      throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
    }
    return parse(bytes, file.toString(), kind);
  }

  /** Checks and decodes a file's bytes; {@code file} names it in messages. */
  public static Contents parse(byte[] bytes, String file, Kind kind) {
    if (bytes.length < 8) throw new InputException(file + ": not a " + kind.noun() + " (shorter than its 8-byte header length)");
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 2 || n > MAX_HEADER || n > bytes.length - 8) {
      throw new InputException(file + ": not a " + kind.noun() + " (header length " + n + " with " + bytes.length + " bytes in the file)");
    }
    JsonNode header;
    try {
      header = JSON.readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw damaged(file, kind, "safetensors header is not valid JSON");
    }
    if (header == null || !header.isObject()) throw damaged(file, kind, "safetensors header is not a JSON object");
    if (kind.sealed()) verify(bytes, (int) n, header, file, kind);
    long dataStart = 8 + n, dataBytes = bytes.length - dataStart;
    List<Tensor> tensors = new ArrayList<>();
    SortedMap<String, String> meta = new TreeMap<>();
    for (var e : header.properties()) {
      if (e.getKey().equals("__metadata__")) {
        e.getValue().properties().forEach(m -> {
          if (!m.getKey().equals(CHECKSUM)) meta.put(m.getKey(), m.getValue().asText());
        });
      } else {
        tensors.add(tensor(e.getKey(), e.getValue(), bytes, dataStart, dataBytes, file));
      }
    }
    return new Contents(tensors, meta);
  }

  private static InputException damaged(String file, Kind kind, String problem) {
    return new InputException(file + ": " + (kind.sealed() ? "damaged " + kind.noun() + " (" + problem + ")" : problem));
  }

  /** The checksum of a sealed file: present, where the writer puts it, and equal to the file's. */
  private static void verify(byte[] bytes, int n, JsonNode header, String file, Kind kind) {
    String sum = header.path("__metadata__").path(CHECKSUM).asText("");
    if (!sum.matches("[0-9a-f]{64}")) throw damaged(file, kind, "no SHA-256 checksum in its metadata");
    byte[] zeroed = bytes.clone();
    int at = checksumAt(zeroed, 8 + n, sum);
    if (at < 0) throw damaged(file, kind, "checksum not where the writer puts it");
    System.arraycopy(ZEROS.getBytes(StandardCharsets.US_ASCII), 0, zeroed, at, 64);
    String actual = HexFormat.of().formatHex(sha256().digest(zeroed));
    if (!actual.equals(sum)) {
      throw damaged(file, kind, "SHA-256 " + actual.substring(0, 12) + "… does not match the recorded " + sum.substring(0, 12) + "…");
    }
  }

  private static Tensor tensor(String name, JsonNode t, byte[] bytes, long dataStart, long dataBytes, String file) {
    String dtype = t.path("dtype").asText("?");
    JsonNode shape = t.path("shape"), off = t.path("data_offsets");
    if (!shape.isArray() || shape.size() > 8 || !off.isArray() || off.size() != 2) {
      throw new InputException(file + ": tensor " + name + " lacks a shape or data_offsets");
    }
    long count = 1;
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i).canConvertToLong() && shape.get(i).isIntegralNumber() ? shape.get(i).asLong() : -1;
      if (dims[i] < 0 || dims[i] > dataBytes) throw new InputException(file + ": tensor " + name + " has shape " + shape + " beyond the file");
      count *= dims[i];
      if (count > dataBytes) throw new InputException(file + ": tensor " + name + " has shape " + shape + " beyond the file");
    }
    long begin = off.get(0).isIntegralNumber() ? off.get(0).asLong() : -1, end = off.get(1).isIntegralNumber() ? off.get(1).asLong() : -1;
    if (begin < 0 || end < begin || end > dataBytes) {
      throw new InputException(file + ": tensor " + name + " has data offsets " + off + " outside the file's " + dataBytes + "-byte data section");
    }
    boolean f32 = dtype.equals("F32"), i32 = dtype.equals("I32");
    if (!f32 && !i32) return new Tensor(name, dtype, dims, null, null, null);
    if (end - begin != 4 * count) {
      return new Tensor(name, dtype, dims, null, null, "of shape " + shape + " needs " + 4 * count + " bytes, its data offsets " + off
          + " give " + (end - begin));
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) (4 * count)).order(ByteOrder.LITTLE_ENDIAN);
    if (f32) {
      float[] v = new float[(int) count];
      b.asFloatBuffer().get(v);
      return new Tensor(name, dtype, dims, v, null, null);
    }
    int[] v = new int[(int) count];
    b.asIntBuffer().get(v);
    return new Tensor(name, dtype, dims, null, v, null);
  }

  /** Where {@code "sha256":"<digits>"} puts its digits in {@code bytes[8, end)}, or −1. */
  private static int checksumAt(byte[] bytes, int end, String digits) {
    byte[] key = ("\"" + CHECKSUM + "\":\"" + digits + "\"").getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 8; i <= end - key.length; i++) {
      for (int j = 0; j < key.length; j++) if (bytes[i + j] != key[j]) continue outer;
      return i + key.length - 65;
    }
    return -1;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
