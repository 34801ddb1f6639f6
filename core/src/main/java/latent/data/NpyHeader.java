package latent.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import latent.InputException;

/**
 * The dict literal of a {@code .npy} header, parsed strictly: exactly the keys {@code descr}
 * (a string), {@code fortran_order} ({@code True} or {@code False}) and {@code shape} (a tuple
 * of non-negative integers), in any order, with optional trailing commas and spaces.
 *
 * @param descr        NumPy's type string, e.g. {@code <f4}
 * @param fortranOrder whether the data is stored column-major
 * @param shape        the array's shape
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

  static NpyHeader parse(Path file, String text) {
    return new Parser(file, text).dict();
  }

  private static final class Parser {
    private final Path file;
    private final String s;
    private int i;

    Parser(Path file, String s) {
      this.file = file;
      this.s = s;
    }

    NpyHeader dict() {
      String descr = null;
      Boolean fortran = null;
      long[] shape = null;
      expect('{');
      while (true) {
        skip();
        if (peek() == '}') break;
        String key = string();
        expect(':');
        skip();
        switch (key) {
          case "descr" -> descr = string();
          case "fortran_order" -> fortran = bool();
          case "shape" -> shape = tuple();
          default -> throw bad("unexpected key '" + InputException.excerpt(key) + "'");
        }
        skip();
        if (peek() == ',') i++;
        else if (peek() != '}') throw bad("expected ',' or '}' at character " + i);
      }
      if (descr == null || fortran == null || shape == null) throw bad("missing 'descr', 'fortran_order' or 'shape'");
      return new NpyHeader(descr, fortran, shape);
    }

    private String string() {
      skip();
      char q = peek();
      if (q != '\'' && q != '"') throw bad("expected a quoted string at character " + i);
      int end = s.indexOf(q, i + 1);
      if (end < 0) throw bad("unterminated string");
      String v = s.substring(i + 1, end);
      i = end + 1;
      return v;
    }

    private boolean bool() {
      if (s.startsWith("True", i)) {
        i += 4;
        return true;
      }
      if (s.startsWith("False", i)) {
        i += 5;
        return false;
      }
      throw bad("expected True or False for 'fortran_order'");
    }

    private long[] tuple() {
      expect('(');
      List<Long> dims = new ArrayList<>();
      while (true) {
        skip();
        if (peek() == ')') {
          i++;
          break;
        }
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        if (start == i || i - start > 12) throw bad("expected non-negative integers in 'shape'");
        long d = Long.parseLong(s.substring(start, i));
        if (d > Npy.MAX_VALUES) throw bad("shape dimension " + d + " is larger than " + Npy.MAX_VALUES);
        dims.add(d);
        skip();
        if (peek() == ',') i++;
        else if (peek() != ')') throw bad("expected ',' or ')' in 'shape'");
      }
      return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private void expect(char c) {
      skip();
      if (peek() != c) throw bad("expected '" + c + "' at character " + i);
      i++;
    }

    private char peek() {
      if (i >= s.length()) throw bad("header ends early");
      return s.charAt(i);
    }

    private void skip() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private InputException bad(String what) {
      return new InputException(file + ": malformed .npy header (" + what + "); expected {'descr': ..., 'fortran_order': ..., 'shape': (...)}");
    }
  }
}
