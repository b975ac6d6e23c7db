package io.github.torchact.kernel.math;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The CPU features that change libtorch's numbers (oneDNN chooses its code by CPU). Read from
 * {@code /proc/cpuinfo} on Linux; elsewhere, or with {@code -Dtorchact.onednn.avx512=true|false},
 * the property decides (default: false when the file cannot be read).
 */
final class CpuFeatures {

    private CpuFeatures() {}

    /** oneDNN's {@code avx512_core}: AVX-512 F, BW, VL and DQ. */
    static boolean hasAvx512Core() {
        String forced = System.getProperty("torchact.onednn.avx512");
        if (forced != null) {
            return Boolean.parseBoolean(forced.trim());
        }
        Set<String> flags = flags(Path.of("/proc/cpuinfo"));
        return flags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq"));
    }

    /** The flags of the first processor listed, empty if the file cannot be read. */
    static Set<String> flags(Path cpuinfo) {
        try (var lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> new HashSet<>(Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))))
                    .orElseGet(HashSet::new);
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            return Set.of();
        }
    }
}
