package io.github.torchact.kernel.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.Set;

/** The reference settings: CPU capability (as libtorch picks it) and torch version. */
class ReferenceSettingsTest {

    private static final Set<String> AVX512_CPU = Set.of("avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq");

    @Test
    void capabilityFollowsLibtorchsChoice() {
        assertEquals(CpuCapability.AVX512, CpuCapability.detect(null, AVX512_CPU));
        assertEquals(CpuCapability.AVX2, CpuCapability.detect(null, Set.of("avx2", "fma", "avx512f")), "F alone is not enough");
        assertEquals(CpuCapability.AVX2, CpuCapability.detect("avx2", AVX512_CPU), "the environment variable wins");
        assertEquals(CpuCapability.AVX512, CpuCapability.detect("AVX512", Set.of()));
        assertEquals(CpuCapability.AVX2, CpuCapability.detect("default", Set.of("avx2")), "unknown values: detection");
        assertEquals(16, CpuCapability.AVX512.floatLanes());
        assertEquals(4, CpuCapability.AVX2.doubleLanes());
    }

    @Test
    void settingsParseAndRefuseWithTheirNames() {
        assertEquals(CpuCapability.AVX2, CpuCapability.fromSetting(" AVX2 "));
        assertEquals(CpuCapability.AVX512, CpuCapability.fromSetting("avx512"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuCapability.fromSetting("sse4"));
        assertTrue(e.getMessage().contains(CpuCapability.PROPERTY) && e.getMessage().contains("sse4"), e.getMessage());
        assertEquals(TorchVersion.V2_7, TorchVersion.fromSetting("2.7.1"));
        assertEquals(TorchVersion.V2_13, TorchVersion.fromSetting("v2.13"));
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class, () -> TorchVersion.fromSetting("2.1"));
        assertTrue(v.getMessage().contains(TorchVersion.PROPERTY), v.getMessage());
    }

    @Test
    void setOverridesAndNullGoesBack() {
        CpuCapability.set(CpuCapability.AVX512);
        TorchVersion.set(TorchVersion.V2_13);
        try {
            assertEquals(CpuCapability.AVX512, CpuCapability.current());
            assertEquals(TorchVersion.V2_13, TorchVersion.current());
        } finally {
            CpuCapability.set(null);
            TorchVersion.set(null);
        }
        assertEquals(TorchVersion.V2_7, TorchVersion.current(), "default: DJL's libtorch 2.7");
    }
}
