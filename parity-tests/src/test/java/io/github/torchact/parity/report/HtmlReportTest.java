package io.github.torchact.parity.report;

import static io.github.torchact.parity.report.ReportFixtures.activation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.parity.row.Spread;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Tolerance;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

class HtmlReportTest {

    /** A fixture, not the catalog: one bitwise, one ulp-bound, one along-dim activation with made-up rows. */
    private static final List<ActivationSpec> SPECS = List.of(Catalog.RELU6, Catalog.TANH, Catalog.SOFTMAX);

    private static String page() throws IOException {
        List<ActivationSpec> specs = SPECS;
        List<ParityRow> rows = new ArrayList<>();
        // relu6's backward: torch's vector path gives 0 at a NaN input, its scalar path the gradient
        Spread spread = Spread.of(HostTensor.vector(new float[] {Float.NaN}), HostTensor.vector(new float[] {0f}),
                HostTensor.vector(new float[] {0.3093965f}));
        for (ParityRow r : activation("relu6", Tolerance.BITWISE, 0)) {
            rows.add(new ParityRow(r.activation(), r.params(), r.weights(), r.dtype(), r.path(), r.direction(), r.status(),
                    r.stats(), spread, r.message()));
        }
        rows.addAll(activation("tanh", Tolerance.ulps(2), 1));
        rows.addAll(activation("softmax", Tolerance.ulpsOfOne(2), 0));
        HtmlReport.Run run = new HtmlReport.Run(specs, rows, Summary.of(rows, true),
                new Versions("2.7.1", "0.35.1", "test JDK", "test OS"), 37.4);
        return HtmlReport.page(run, name -> new ActivationPlots(name + "-function.png",
                name.equals("softmax") ? null : name + "-ulp.png", "", null));
    }

    @Test
    void theSummaryComesBeforeAnyActivationAndAnswersWhereItIsClosestToFailing() throws IOException {
        String h = page();
        int summary = h.indexOf("id=\"summary-table\"");
        int firstSection = h.indexOf("<section");
        assertTrue(summary > 0 && summary < firstSection);
        assertTrue(h.contains("PASSED: all 12 compared rows within their bounds. 2 of 3 activations bitwise everywhere. "
                + "Closest to its bound: tanh, 1 of 2 ulp (f32 fwd java)."), h.substring(0, 1500));
        String table = h.substring(summary, h.indexOf("</table>", summary));
        assertTrue(table.indexOf("data-name=\"tanh\"") < table.indexOf("data-name=\"relu6\""), "closest to failing first");
        assertTrue(table.indexOf("data-name=\"relu6\"") < table.indexOf("data-name=\"softmax\""), "then catalog order");
        assertTrue(table.contains("href=\"#tanh-plots\""));
    }

    @Test
    void everyActivationFoldsItsRowsUnderItsPlots() throws IOException {
        String h = page();
        for (String name : SPECS.stream().map(ActivationSpec::name).toList()) {
            int s = h.indexOf("<section id=\"" + name + "\"");
            String section = h.substring(s, h.indexOf("</section>", s));
            assertTrue(section.contains("id=\"" + name + "-plots\""), name);
            assertTrue(section.indexOf("<img src=\"" + name + "-function.png\"") < section.indexOf("<details>"), name);
            assertTrue(section.contains("<summary>4 rows: 4 PASS; worst "), name);
            assertEquals(4, count(section.substring(section.indexOf("<details>")), "<tr class=\"PASS\">"), name);
        }
    }

    @Test
    void theSpreadIsSpelledOutNotARawBitDistance() throws IOException {
        String h = page();
        assertTrue(h.contains("<td>0 vs non-zero ×1</td>"), "relu6 spread");
        assertFalse(Pattern.compile(">\\d{8,}<").matcher(h).find(), "no raw ordered-bits distance in a cell");
    }

    @Test
    void thePageWorksOfflineAndStatesTheRealTime() throws IOException {
        String h = page();
        Matcher external = Pattern.compile("(src|href)=\"(https?:)?//").matcher(h);
        assertFalse(external.find(), "no network resource");
        assertTrue(h.contains("<script>") && h.contains("getElementById('summary-table')"), "sorting script embedded");
        assertTrue(h.contains(" in 37 s (from the start of the JVM to this page)"));
    }

    @Test
    void aFailureLeadsThePageWithItsError() throws IOException {
        List<ActivationSpec> specs = List.of(Catalog.RELU, Catalog.SOFTMAX);
        List<ParityRow> rows = new ArrayList<>(activation("relu", Tolerance.BITWISE, 0));
        rows.addAll(activation("softmax", Tolerance.ulpsOfOne(2), 3));
        String h = HtmlReport.page(new HtmlReport.Run(specs, rows, Summary.of(rows, true),
                new Versions("2.7.1", "0.35.1", "test JDK", "test OS"), 5), name -> new ActivationPlots(null, null, "none", null));
        assertTrue(h.contains("<p class=\"verdict FAIL\">FAILED: 1 of 8 compared rows out of bound, 0 errors, 0 without a Java "
                + "kernel. 1 of 2 activations bitwise everywhere. Worst: softmax, 3 of 2 ulp of 1 (f32 fwd java).</p>"),
                h.substring(0, 1500));
        String table = h.substring(h.indexOf("id=\"summary-table\""));
        assertTrue(table.indexOf("data-name=\"softmax\"") < table.indexOf("data-name=\"relu\""));
        assertTrue(table.contains("<td class=\"e-fail\" data-sort=\"1.5\" title=\"fwd f32: FAIL: 3 of 2 ulp of 1\">FAIL: 3 of 2 ulp of 1</td>"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
