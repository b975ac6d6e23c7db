package io.github.torchact.parity.report;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Bounds;
import io.github.torchact.spec.Params;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The parity report: {@code index.html} with the table, versions, and per activation its doc, bound
 * and plots (PNG files beside it). A static page: opens from disk, no server, no scripts.
 */
public final class HtmlReport {

    private HtmlReport() {}

    /** Writes {@code dir/index.html} and the plots; returns the page. */
    public static Path write(Path dir, List<ActivationSpec> specs, List<ParityRow> rows, Summary summary,
            Versions versions, double seconds, Runnable onPlot) throws IOException {
        Files.createDirectories(dir);
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>torchact parity report</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px;color:#222}\n")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}\n")
                .append("th{background:#f0f0f0;position:sticky;top:0}tr.FAIL td,tr.ERROR td{background:#fdd}\n")
                .append("tr.NO_KERNEL td{color:#888}td.PASS{color:#070;font-weight:bold}td.FAIL,td.ERROR{color:#b00;font-weight:bold}\n")
                .append("section{border-top:2px solid #ddd;margin-top:2em}img{max-width:48%;margin-right:1%}\n")
                .append("code{background:#f6f6f6;padding:1px 3px}.summary{font-size:1.2em;font-weight:bold}\n")
                .append("</style></head><body>\n");
        h.append("<h1>torchact parity report</h1>\n");
        h.append("<p class=\"summary\">").append(summary.failed() ? "FAILED: " : "PASSED: ").append(esc(summary.toString()))
                .append("</p>\n");
        h.append("<p>Reference: ").append(esc(versions.toString())).append(". Inputs: the standard adversarial set ")
                .append("(±0, NaN, ±Inf, subnormals, ±max, thresholds and their ulp neighbours, a dense grid, log-spaced ")
                .append("magnitudes, seeded random bit patterns and normals), padded to multiples of 64. Generated ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(String.format(" in %.0f s.", seconds))
                .append("</p>\n<p><b>torch scalar↔vector ulp</b>: the same inputs through libtorch in tensors of ")
                .append(ScalarPathOracle.CHUNK).append(" elements (its scalar routine) vs the padded tensor (its vector path): ")
                .append("how much libtorch disagrees with itself (n/a: not an elementwise activation).</p>\n");
        h.append("<h2>Contents</h2><p>");
        for (ActivationSpec s : specs) {
            h.append("<a href=\"#").append(s.name()).append("\">").append(s.name()).append("</a> ");
        }
        h.append("</p>\n<h2>Table</h2>\n").append(table(rows));
        for (ActivationSpec s : specs) {
            h.append(section(dir, s, rows));
            onPlot.run();
        }
        h.append("</body></html>\n");
        Path page = dir.resolve("index.html");
        Files.writeString(page, h.toString(), StandardCharsets.UTF_8);
        return page;
    }

    static String table(List<ParityRow> rows) {
        StringBuilder t = new StringBuilder("<table>\n<tr>");
        for (String head : TableFormat.HEADERS) {
            t.append("<th>").append(esc(head)).append("</th>");
        }
        t.append("<th>worst input / note</th></tr>\n");
        for (ParityRow r : rows) {
            t.append("<tr class=\"").append(r.status()).append("\">");
            String[] cells = TableFormat.cells(r);
            for (int i = 0; i < cells.length; i++) {
                boolean last = i == cells.length - 1;
                t.append(last ? "<td class=\"" + r.status() + "\">" : "<td>").append(esc(cells[i])).append("</td>");
            }
            t.append("<td>").append(esc(r.message())).append("</td></tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static String section(Path dir, ActivationSpec s, List<ParityRow> rows) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<section id=\"").append(s.name()).append("\"><h2>").append(esc(s.name())).append(" — ")
                .append(esc(s.torchName())).append("</h2>\n");
        h.append("<p>").append(esc(s.summary())).append("</p>\n<p><code>").append(esc(s.formula())).append("</code></p>\n");
        if (!s.reference().isEmpty()) {
            h.append("<p>Reference: ").append(esc(s.reference())).append("</p>\n");
        }
        h.append("<p>libtorch expression: <code>").append(esc(s.torchExpr())).append("</code></p>\n");
        Bounds b = s.bounds();
        h.append("<p>Bound: forward f32 ").append(esc(b.forwardF32().toString())).append(", f64 ")
                .append(esc(b.forwardF64().toString())).append("; backward f32 ").append(esc(b.backwardF32().toString()))
                .append(", f64 ").append(esc(b.backwardF64().toString())).append(".</p>\n");
        List<Params> sets = s.paramSets();
        if (sets.isEmpty() || !Plots.plottable(s)) {
            h.append("<p><i>No curve: ").append(sets.isEmpty() ? "no parameter set" : "the output of each element depends on a whole slice")
                    .append(".</i></p>\n");
        } else {
            Params p = sets.get(0);
            String f = s.name() + "-function.png";
            Plots.function(s, p, dir.resolve(f));
            h.append("<img src=\"").append(f).append("\" alt=\"").append(s.name()).append(" and its derivative\">");
            String e = s.name() + "-ulp.png";
            if (Plots.ulpError(s, p, dir.resolve(e))) {
                h.append("<img src=\"").append(e).append("\" alt=\"ulp error of the Java kernel\">");
            } else {
                h.append("<p><i>No Java kernel yet: no error plot.</i></p>");
            }
            if (s.weight() != null) {
                h.append("<p>Plotted with one shared ").append(s.weight().name()).append(" = ")
                        .append(s.weight().init() == 0 ? 0.5 : s.weight().init()).append(".</p>");
            }
        }
        List<ParityRow> own = rows.stream().filter(r -> r.activation().equals(s.name())).toList();
        h.append("\n").append(table(own)).append("</section>\n");
        return h.toString();
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
