package latent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import latent.train.RunFolder;
import org.junit.jupiter.api.Test;

class RunReportTest {
  @Test
  void metricsTableHasAValidationColumnOnlyWhenTheRunHasOne() {
    var without = List.of(new RunFolder.Metrics(1, 400, -41.266, Double.NaN, -34.864, 0.5, 900, -41.266));
    String t = RunReport.metricsTable(without);
    assertFalse(t.contains("validation"));
    assertTrue(t.contains("<tr><td>1</td><td>400</td><td>-41.27</td><td>-34.86</td><td>0.5</td><td>900</td></tr>"), t);

    var with = List.of(new RunFolder.Metrics(2, 800, -30.0, -31.004, -32.0, 1.0, 800, -30.0));
    assertTrue(RunReport.metricsTable(with).contains("<th>validation ELBO</th>"));
    assertTrue(RunReport.metricsTable(with).contains("<td>-30.00</td><td>-31.00</td><td>-32.00</td>"));
  }

  @Test
  void escapesWhatHtmlWouldRead() {
    assertEquals("&lt;b&gt; &amp; &quot;x&quot;", RunReport.escape("<b> & \"x\""));
    assertEquals("", RunReport.escape(null));
  }
}
