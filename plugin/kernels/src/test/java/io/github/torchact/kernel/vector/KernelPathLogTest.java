package io.github.torchact.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kernel path is logged once per JVM, at first use, on the platform logger (java.util.logging writes it
 * to stderr): run in fresh JVMs, since this one's kernels may have logged already.
 */
class KernelPathLogTest {

    @Test
    void scalarPathLoggedOnceWithTheHint() throws Exception {
        List<String> lines = kernelLines(run());
        assertEquals(1, lines.size(), "one line, whatever the number of kernel calls: " + lines);
        String line = lines.get(0);
        assertTrue(line.contains("INFO") && line.contains("scalar path"), line);
        assertTrue(line.contains("thread(s)"), line);
        if (Runtime.version().feature() >= 21) {
            assertTrue(line.contains("--add-modules jdk.incubator.vector"), line);
        } else {
            assertTrue(line.contains("not faster"), line);
        }
    }

    @Test
    void vectorPathLoggedOnce() throws Exception {
        List<String> lines = kernelLines(run("--add-modules", "jdk.incubator.vector"));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("Vector API path"), lines.get(0));
    }

    @Test
    void switchedOffIsSaid() throws Exception {
        List<String> lines = kernelLines(run("--add-modules", "jdk.incubator.vector", "-Dtorchact.vector=false"));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("scalar path (-Dtorchact.vector=false)"), lines.get(0));
    }

    private static List<String> kernelLines(String stderr) {
        List<String> out = new ArrayList<>();
        for (String l : stderr.split("\\R")) {
            if (l.contains("torchact kernels:")) {
                out.add(l);
            }
        }
        return out;
    }

    private static String run(String... jvmArgs) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelPathLogMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String stderr = new String(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), stderr);
        return stderr;
    }
}
