package io.github.torchact.kernel.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

class CpuFeaturesTest {

    @Test
    void readsTheFirstProcessorsFlags(@TempDir Path dir) throws IOException {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nflags\t\t: fpu sse avx2 avx512f avx512bw\n\n"
                + "processor\t: 1\nflags\t\t: fpu\n");
        assertEquals(Set.of("fpu", "sse", "avx2", "avx512f", "avx512bw"), CpuFeatures.flags(cpuinfo));
    }

    @Test
    void unreadableFileMeansNoFlags(@TempDir Path dir) {
        assertTrue(CpuFeatures.flags(dir.resolve("missing")).isEmpty());
    }

    @Test
    void propertyOverridesTheCpu() {
        String key = "torchact.onednn.avx512";
        String saved = System.getProperty(key);
        try {
            System.setProperty(key, "false");
            assertEquals(false, CpuFeatures.hasAvx512Core());
            System.setProperty(key, "true");
            assertEquals(true, CpuFeatures.hasAvx512Core());
        } finally {
            if (saved == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, saved);
            }
        }
    }
}
