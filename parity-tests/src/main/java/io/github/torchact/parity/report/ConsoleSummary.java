package io.github.torchact.parity.report;

import io.github.torchact.parity.row.RowStatus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the parity command prints when done: the verdict, the activations closest to their bound
 * (failures first), the versions and where the report is, in at most {@link #MAX_LINES} lines;
 * the full rows are in the report.
 */
public final class ConsoleSummary {

    /** The most lines printed, whatever the number of activations. */
    public static final int MAX_LINES = 40;

    private ConsoleSummary() {}

    /** The summary as lines, most severe and closest to its bound first. */
    public static List<String> lines(List<ActivationSummary> activations, Summary summary, int rows, Versions versions,
            Path page, double seconds) {
        List<String> tail = new ArrayList<>();
        tail.add(versions == null ? "" : versions.toString());
        tail.add("report: " + page.toAbsolutePath() + " (open it in a browser: summary first, then plots per activation)");
        tail.add(String.format("%s in %.0f s", summary.failed() ? "PARITY FAILED" : "PARITY PASSED", seconds));
        List<String> out = new ArrayList<>();
        out.add(String.format("parity: %d activations, %d rows: %s", activations.size(), rows, summary));
        out.add(String.format("%-14s %-9s %-40s %s", "activation", "status", "worst error, in the unit of its bound", "where"));
        int room = MAX_LINES - out.size() - tail.size() - 1;
        int shown = 0;
        for (ActivationSummary a : activations) {
            boolean failing = a.status() == RowStatus.FAIL || a.status() == RowStatus.ERROR;
            int need = failing && a.worst() != null && !a.worst().message().isEmpty() ? 2 : 1;
            if (need > room) {
                break;
            }
            out.add(String.format("%-14s %-9s %-40s %s", a.activation(), TableFormat.status(a.status()), a.worstText(), a.where()));
            if (need == 2) {
                out.add("    " + clip(a.worst().message(), 150));
            }
            room -= need;
            shown++;
        }
        if (shown < activations.size()) {
            List<ActivationSummary> rest = activations.subList(shown, activations.size());
            boolean allBitwise = rest.stream().allMatch(a -> a.status() == RowStatus.PASS && a.fraction() == 0);
            out.add(String.format("... %d more%s (see the report)", rest.size(), allBitwise ? ", all bitwise" : ""));
        }
        out.addAll(tail);
        return out;
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
