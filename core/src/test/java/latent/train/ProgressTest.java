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

  @Test
  void lineShowsEpochStepRateBoundAndEta() {
    var buf = new ByteArrayOutputStream();
    AtomicLong now = new AtomicLong();
    Progress p = new Progress(new PrintStream(buf, true), false, 200, 10_000, now::get);
    p.update(2, 5, 1, 100, 60_000, -99);
    now.set(10_000 * MS);
    p.update(2, 5, 470, 10_100, 60_000, -98.765);   // 1,000 images/s, 49,900 to go: 50 s
    assertEquals("epoch 2/5  step 470   16.8%  1,000 images/s  bound -98.77  ETA 0:50", buf.toString().strip());
  }

  @Test
  void rateCountsOnlyThisJobsImages() {
    var buf = new ByteArrayOutputStream();
    AtomicLong now = new AtomicLong();
    Progress p = new Progress(new PrintStream(buf, true), false, 200, 10_000, now::get);
    p.update(7, 40, 21_000, 420_000, 2_400_000, -100);   // resumed from a checkpoint at 420,000 images
    now.set(10_000 * MS);
    p.update(7, 40, 21_500, 430_000, 2_400_000, -100);   // 10,000 images in 10 s
    now.set(20_000 * MS);
    p.update("L_5000", 10, 1000);                        // the next job: its own clock from here
    now.set(30_000 * MS);
    p.update("L_5000", 110, 1000);
    String[] lines = buf.toString().strip().split("\n");
    assertEquals(2, lines.length, buf.toString());
    assertTrue(lines[0].contains(" 1,000 images/s") && lines[0].endsWith("ETA 32:50"), lines[0]);
    assertTrue(lines[1].contains(" 10 images/s") && lines[1].endsWith("ETA 1:29"), lines[1]);
  }

  @Test
  void shorterRedrawBlanksTheRestOfTheOldLine() {
    var buf = new ByteArrayOutputStream();
    AtomicLong now = new AtomicLong();
    Progress p = new Progress(new PrintStream(buf, true), true, 200, 10_000, now::get);
    p.update("L_5000", 999_998, 1_000_000);
    now.set(1000 * MS);
    p.update("L_5000", 999_999, 1_000_000);
    p.update(1, 1, 1, 1, 10, -1);
    now.set(2000 * MS);
    p.update(1, 1, 2, 2, 10, -1);
    String[] draws = buf.toString().split("\r", -1);
    assertEquals(3, draws.length, "two redraws, each after a carriage return");
    assertTrue(draws[2].length() >= draws[1].length(), "the second draw covers the first: '" + draws[1] + "' then '" + draws[2] + "'");
    assertTrue(draws[2].endsWith(" "), "padded with spaces");
  }

  @Test
  void terminalModeFollowsTheLaunchersPropertyElseTheConsole() {
    assertTrue(Progress.isTerminal("true", false));
    assertFalse(Progress.isTerminal("false", true));
    assertTrue(Progress.isTerminal(null, true));
    assertFalse(Progress.isTerminal("", false));
  }

  @Test
  void durationsReadAsMinutesOrHours() {
    assertEquals("0:05", Progress.duration(4.6));
    assertEquals("12:00", Progress.duration(720));
    assertEquals("2h03m", Progress.duration(2 * 3600 + 3 * 60 + 10));
  }
}
