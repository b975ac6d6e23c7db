package io.github.torchact.parity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

class ProgressTest {

    private static List<String> run(long intervalNanos, int steps) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Progress p = new Progress.Lines("parity", steps, out, intervalNanos)) {
            for (int i = 0; i < steps; i++) {
                p.step("relu");
            }
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(s.contains("\r"), "no carriage returns off a terminal");
        return s.lines().toList();
    }

    @Test
    void offATerminalProgressIsPlainPeriodicLines() {
        List<String> every = run(0, 3);
        assertEquals(List.of("parity: 1/3 (33%)", "parity: 2/3 (66%)", "parity: 3/3 (100%)"),
                every.subList(0, 3).stream().map(l -> l.substring(0, l.indexOf(','))).toList());
        assertEquals("parity: 3/3 done", every.get(3));
        List<String> rare = run(Long.MAX_VALUE, 500);
        assertEquals(1, rare.size(), rare.toString());
        assertTrue(rare.get(0).length() < 80, rare.get(0));
    }

    @Test
    void resumedWorkStartsWhereItWas() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Progress p = new Progress.Lines("gelu 2^32", 256, out, 0)) {
            p.stepTo(200, "gelu");
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("gelu 2^32: 200/256 (78%)"));
    }
}
