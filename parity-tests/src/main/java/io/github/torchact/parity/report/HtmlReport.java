package io.github.torchact.parity.report;

import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.parity.row.RowStatus;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Bounds;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The parity report, {@code index.html}: first a one-row-per-activation summary (sortable and
 * filterable by a small script embedded in the page), then per activation its doc, bound, plots
 * (PNG files beside the page) and its full rows folded in a {@code <details>}. Opens from disk, no
 * server, no network.
 */
public final class HtmlReport {

    private HtmlReport() {}

    /** Everything the page states about the run. */
    public record Run(List<ActivationSpec> specs, List<ParityRow> rows, Summary summary, Versions versions, double seconds) {}

    /** Writes {@code dir/index.html} for a run whose plots are {@code plots}; returns the page. */
    public static Path write(Path dir, Run run, PlotSource plots) throws IOException {
        Files.createDirectories(dir);
        Path page = dir.resolve("index.html");
        Files.writeString(page, page(run, plots), StandardCharsets.UTF_8);
        return page;
    }

    static String page(Run run, PlotSource plots) throws IOException {
        List<String> names = activationNames(run.specs(), run.rows());
        List<ActivationSummary> summaries = ActivationSummary.of(names, run.rows());
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>torchact parity report</title>\n<style>\n").append(resource("report.css"))
                .append("</style></head><body>\n");
        h.append("<h1>torchact parity report</h1>\n");
        h.append(verdict(run.summary(), summaries));
        h.append("<p class=\"meta\">Reference: ").append(esc(run.versions().toString())).append(". Inputs: the standard ")
                .append("adversarial set (±0, NaN, ±∞, subnormals, ±max, thresholds and their ulp neighbours, a dense grid, ")
                .append("log-spaced magnitudes, seeded random bit patterns and normals), padded to multiples of 64. Generated ")
                .append(ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(String.format(" in %.0f s (from the start of the JVM to this page).</p>\n", run.seconds()));
        h.append(summaryTable(summaries));
        h.append(legend());
        h.append("<h2 id=\"activations\">Activations</h2>\n");
        for (ActivationSpec s : run.specs()) {
            h.append(section(s, run.rows(), plots.get(s.name())));
        }
        for (String other : names.subList(run.specs().size(), names.size())) {
            h.append(otherSection(other, run.rows()));
        }
        h.append("<script>\n").append(resource("report.js")).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static String verdict(Summary summary, List<ActivationSummary> summaries) {
        return "<p class=\"verdict " + (summary.failed() ? "FAIL" : "PASS") + "\">" + esc(headline(summary, summaries))
                + "</p>\n<p class=\"meta\">Rows: " + esc(summary.toString()) + ".</p>\n";
    }

    /** The first sentence of the page: did everything pass, and where is it closest to failing. */
    static String headline(Summary summary, List<ActivationSummary> summaries) {
        StringBuilder h = new StringBuilder();
        int compared = summary.count(RowStatus.PASS) + summary.count(RowStatus.FAIL);
        if (summary.failed()) {
            h.append("FAILED: ").append(summary.count(RowStatus.FAIL)).append(" of ").append(compared)
                    .append(" compared rows out of bound, ").append(summary.count(RowStatus.ERROR)).append(" errors, ")
                    .append(summary.count(RowStatus.NO_KERNEL)).append(" without a Java kernel.");
        } else {
            h.append("PASSED: all ").append(compared).append(" compared rows within their bounds");
            if (summary.count(RowStatus.NO_KERNEL) > 0) {
                h.append(", ").append(summary.count(RowStatus.NO_KERNEL)).append(" without a Java kernel (accepted)");
            }
            h.append('.');
        }
        long bitwise = summaries.stream().filter(a -> a.status() == RowStatus.PASS && a.fraction() == 0).count();
        h.append(' ').append(bitwise).append(" of ").append(summaries.size()).append(" activations bitwise everywhere.");
        summaries.stream().filter(a -> a.worst() != null && a.fraction() > 0).findFirst().ifPresent(a -> h
                .append(a.status() == RowStatus.PASS ? " Closest to its bound: " : " Worst: ").append(a.activation())
                .append(", ").append(a.worstText()).append(" (").append(a.whereInFull()).append(")."));
        return h.toString();
    }

    static String summaryTable(List<ActivationSummary> summaries) {
        StringBuilder t = new StringBuilder();
        t.append("<h2 id=\"summary\">Summary: one row per activation</h2>\n")
                .append("<div class=\"controls\"><label>Filter <input id=\"filter\" type=\"search\" ")
                .append("placeholder=\"activation name\" autofocus></label> <label>Show <select id=\"show\">")
                .append("<option value=\"all\">all</option><option value=\"notbitwise\">not bitwise everywhere</option>")
                .append("<option value=\"failing\">failing only</option></select></label> ")
                .append("<span id=\"shown\"></span> <span class=\"hint\">Click a column header to sort; ")
                .append("the initial order is closest to failing first.</span></div>\n");
        t.append("<table id=\"summary-table\" class=\"sortable\">\n<thead><tr>")
                .append(th("activation", "text", null))
                .append(th("status", "num", null))
                .append(th("worst error, in the unit of its bound", "num", "error ÷ bound; bitwise first, then ascending"))
                .append(th("where", "text", "dtype, direction, path and parameters of the worst row"));
        for (String c : ActivationSummary.CELLS) {
            t.append(th(c, "num", "worst row of " + c + " (both paths, all parameter sets), in the unit of its bound "
                    + "(hover a cell for the unit)"));
        }
        t.append(th("rows passed", "num", "passed / compared (rows torch has no gradient for are not counted)")).append(th("plots", "text", null)).append("</tr></thead>\n<tbody>\n");
        for (ActivationSummary a : summaries) {
            boolean notBitwise = a.fraction() > 0 || a.status() != RowStatus.PASS;
            boolean failing = a.status() == RowStatus.FAIL || a.status() == RowStatus.ERROR || a.status() == RowStatus.NO_KERNEL;
            t.append("<tr class=\"").append(a.status()).append("\" data-name=\"").append(esc(a.activation()))
                    .append("\" data-notbitwise=\"").append(notBitwise).append("\" data-failing=\"").append(failing).append("\">");
            t.append("<td data-sort=\"").append(a.activation()).append("\" data-order=\"").append(a.order())
                    .append("\"><a href=\"#").append(a.activation()).append("\">").append(esc(a.activation())).append("</a></td>");
            t.append(td(TableFormat.status(a.status()), severityKey(a.status()), "st " + a.status()));
            t.append(td(a.worstText(), sortKey(a.fraction()), shade(a.status(), a.fraction())));
            t.append(td(a.where(), null, "where", a.whereInFull()));
            for (Map.Entry<String, ActivationSummary.Cell> e : a.cells().entrySet()) {
                ActivationSummary.Cell c = e.getValue();
                t.append(td(c.shortText(), c.worst() == null ? -1 : sortKey(c.fraction()), shade(c.status(), c.fraction()),
                        e.getKey() + ": " + c.text()));
            }
            int compared = a.rows() - a.skipped();
            t.append(td(a.passed() + " / " + compared, compared == 0 ? 0 : (double) a.passed() / compared, "num",
                    a.skipped() == 0 ? null : a.skipped() + " more rows skipped: torch defines no gradient"));
            t.append("<td><a href=\"#").append(a.activation()).append("-plots\">plots</a></td></tr>\n");
        }
        return t.append("</tbody></table>\n").toString();
    }

    private static String legend() {
        return "<p class=\"legend\"><b>Errors are in the unit of their bound</b>: \"0.5 of 1 ulp\" is half the bound; "
                + "\"ulp of max(|x|,|y|)\" (tanhshrink, gelu tails) and \"ulp of 1\" (softmax) measure against the largest term "
                + "where libtorch's own formula cancels, \"ulp of max(|gy|,|y|)\" against the upstream gradient. "
                + "<b>ulp of value</b> is the plain distance in ulp of libtorch's result, for reference; "
                + TableFormat.OTHER_SCALE_MARK + " marks it where the bound uses a larger scale, so a large figure there "
                + "(a tiny result next to a large x) is within the bound. <b>torch scalar↔vector</b>: the same inputs through "
                + "libtorch in tensors of " + ScalarPathOracle.CHUNK + " elements (its scalar routine) against the padded "
                + "tensor (its vector path), in ulp of the value; NaN, ∞, zero and sign differences are named, not measured "
                + "(n/a: not an elementwise activation).</p>\n";
    }

    /**
     * The catalog activations of the run, then any other block with rows (FunnelReLU: a convolution and BatchNorm,
     * not a catalog spec), in the order of its first row.
     */
    static List<String> activationNames(List<ActivationSpec> specs, List<ParityRow> rows) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        specs.forEach(s -> names.add(s.name()));
        rows.forEach(r -> names.add(r.activation()));
        return List.copyOf(names);
    }

    /** The rows of a block that is not a catalog activation (no formula or plots). */
    private static String otherSection(String name, List<ParityRow> rows) {
        List<ParityRow> own = rows.stream().filter(r -> r.activation().equals(name)).toList();
        Summary counts = Summary.of(own, true);
        ActivationSummary a = ActivationSummary.of(List.of(name), own).get(0);
        return "<section id=\"" + name + "\"><h3>" + esc(name) + "</h3>\n<p id=\"" + name
                + "-plots\">Not a catalog activation: compared as a block (see PARITY.md); no plots.</p>\n<details><summary>"
                + own.size() + " rows: " + counts.count(RowStatus.PASS) + " PASS" + extra(counts) + "; worst "
                + esc(a.worstText()) + (a.where().isEmpty() ? "" : " (" + esc(a.where()) + ")") + "</summary>\n"
                + rowsTable(own) + "</details></section>\n";
    }

    private static String section(ActivationSpec s, List<ParityRow> rows, ActivationPlots drawn) {
        StringBuilder h = new StringBuilder();
        h.append("<section id=\"").append(s.name()).append("\"><h3>").append(esc(s.name())).append(" — ")
                .append(esc(s.torchName())).append(" <a class=\"top\" href=\"#summary\">↑ summary</a></h3>\n");
        h.append("<p>").append(esc(s.summary())).append(" <code>").append(esc(s.formula())).append("</code></p>\n");
        if (!s.reference().isEmpty()) {
            h.append("<p>Reference: ").append(esc(s.reference())).append("</p>\n");
        }
        h.append("<p>libtorch expression: <code>").append(esc(s.torchExpr())).append("</code></p>\n");
        Bounds b = s.bounds();
        h.append("<p>Bound: forward f32 ").append(esc(b.forwardF32().toString())).append(", f64 ")
                .append(esc(b.forwardF64().toString())).append("; backward f32 ").append(esc(b.backwardF32().toString()))
                .append(", f64 ").append(esc(b.backwardF64().toString())).append(".</p>\n");
        h.append("<div class=\"plots\" id=\"").append(s.name()).append("-plots\">");
        if (drawn.function() != null) {
            h.append(img(drawn.function(), s.name() + " and its derivative"));
        }
        if (drawn.ulp() != null) {
            h.append(img(drawn.ulp(), "float32 error of the Java kernel in the unit of its bound"));
        }
        if (!drawn.note().isEmpty()) {
            h.append("<p><i>").append(esc(drawn.note())).append("</i></p>");
        }
        h.append("</div>\n");
        if (drawn.function() != null && s.weight() != null) {
            h.append("<p>Plotted with one shared ").append(s.weight().name()).append(" = ")
                    .append(s.weight().init() == 0 ? 0.5 : s.weight().init()).append(".</p>\n");
        }
        List<ParityRow> own = rows.stream().filter(r -> r.activation().equals(s.name())).toList();
        Summary counts = Summary.of(own, true);
        ActivationSummary a = ActivationSummary.of(List.of(s.name()), own).get(0);
        h.append("<details><summary>").append(own.size()).append(" rows: ").append(counts.count(RowStatus.PASS)).append(" PASS")
                .append(extra(counts)).append("; worst ").append(esc(a.worstText()))
                .append(a.where().isEmpty() ? "" : " (" + esc(a.where()) + ")").append("</summary>\n")
                .append(rowsTable(own)).append("</details></section>\n");
        return h.toString();
    }

    private static String extra(Summary c) {
        StringBuilder s = new StringBuilder();
        for (RowStatus st : new RowStatus[] {RowStatus.FAIL, RowStatus.ERROR, RowStatus.NO_KERNEL, RowStatus.SKIPPED}) {
            if (c.count(st) > 0) {
                s.append(", ").append(c.count(st)).append(' ').append(st == RowStatus.SKIPPED ? "no gradient" : TableFormat.status(st));
            }
        }
        return s.toString();
    }

    /** The full rows of one activation (its name column left out). */
    static String rowsTable(List<ParityRow> rows) {
        StringBuilder t = new StringBuilder("<table class=\"rows\">\n<thead><tr>");
        for (int i = 1; i < TableFormat.HEADERS.length; i++) {
            t.append("<th>").append(esc(TableFormat.HEADERS[i])).append("</th>");
        }
        t.append("<th>worst input / note</th></tr></thead>\n<tbody>\n");
        for (ParityRow r : rows) {
            t.append("<tr class=\"").append(r.status()).append("\">");
            String[] cells = TableFormat.cells(r);
            for (int i = 1; i < cells.length; i++) {
                boolean last = i == cells.length - 1;
                // parameters and the spread may wrap at spaces; the short cells stay on one line
                boolean wraps = i == 1 || i == TableFormat.HEADERS.length - 2;
                t.append(last ? "<td class=\"st " + r.status() + "\">" : wraps ? "<td>" : "<td class=\"nw\">")
                        .append(esc(cells[i])).append("</td>");
            }
            t.append("<td class=\"note\">").append(esc(r.message())).append("</td></tr>\n");
        }
        return t.append("</tbody></table>\n").toString();
    }

    private static String th(String label, String type, String title) {
        return "<th data-type=\"" + type + "\"" + (title == null ? "" : " title=\"" + esc(title) + "\"") + ">" + esc(label) + "</th>";
    }

    private static String td(String text, Number sort, String cls) {
        return td(text, sort, cls, null);
    }

    private static String td(String text, Number sort, String cls, String title) {
        return "<td" + (cls == null ? "" : " class=\"" + cls + "\"") + (sort == null ? "" : " data-sort=\"" + sort + "\"")
                + (title == null || title.isEmpty() ? "" : " title=\"" + esc(title) + "\"") + ">" + esc(text) + "</td>";
    }

    private static String img(String file, String alt) {
        return "<img src=\"" + file + "\" alt=\"" + esc(alt) + "\" width=\"640\" height=\"360\" loading=\"lazy\">";
    }

    /** A finite sort key: ∞ (a miss of a bitwise bound, a NaN mismatch) sorts above every fraction. */
    static double sortKey(double fraction) {
        return Double.isInfinite(fraction) ? 1e9 : fraction;
    }

    private static int severityKey(RowStatus s) {
        return switch (s) {
            case FAIL -> 4;
            case ERROR -> 3;
            case NO_KERNEL -> 2;
            case PASS -> 1;
            case SKIPPED -> 0;
        };
    }

    /** The colour class of an error: bitwise, within half the bound, nearer the bound, or failing. */
    static String shade(RowStatus status, double fraction) {
        if (status == RowStatus.FAIL || status == RowStatus.ERROR || fraction > 1) {
            return "e-fail";
        }
        if (status == RowStatus.NO_KERNEL || status == RowStatus.SKIPPED) {
            return "e-none";
        }
        return fraction == 0 ? "e-bitwise" : fraction <= 0.5 ? "e-half" : "e-near";
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report resource " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
