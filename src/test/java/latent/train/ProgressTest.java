package latent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  static final long MS = 1_000_000L;

  @Test
  void terminalRedrawsInPlace() {
    var buf = new ByteArrayOutputStream();
    AtomicLong now = new AtomicLong();
    Progress p = new Progress(new PrintStream(buf, true), true, 200, 10_000, now::get);
    for (int step = 1; step <= 10; step++) {
      now.addAndGet(100 * MS);
      p.update(1, 2, step, step * 100L, 2000, -100.5);
    }
    p.println("epoch 1 done");
    String s = buf.toString();
    assertEquals(5, s.chars().filter(c -> c == '\r').count(), "one redraw per 200 ms over 1 s: " + s);
    assertTrue(s.contains("epoch 1/2") && s.contains("images/s") && s.contains("bound -100.50") && s.contains("ETA"));
    assertTrue(s.endsWith("\nepoch 1 done\n"), "summary starts on a fresh line");
  }

  @Test
  void nonTerminalPrintsWholeLinesPeriodically() {
    var buf = new ByteArrayOutputStream();
    AtomicLong now = new AtomicLong();
    Progress p = new Progress(new PrintStream(buf, true), false, 200, 10_000, now::get);
    for (int step = 1; step <= 60; step++) {
      now.addAndGet(1000 * MS);
      p.update(1, 1, step, step * 1000L, 60_000, -95);
    }
    String s = buf.toString();
    assertFalse(s.contains("\r"));
    assertEquals(6, s.lines().count(), "one line every 10 s over 60 s: " + s);
    assertTrue(s.lines().allMatch(l -> l.startsWith("epoch 1/1  step ")));
  }
}
