package io.github.torchact.kernel.math;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Which of libtorch's CPU code paths the kernels reproduce: the {@code ATEN_CPU_CAPABILITY} libtorch
 * runs with. Elementwise results are the same on both; what differs is the vector width, and with it
 * the order of the reductions of the softmax family ({@code vec::reduce_all} keeps one accumulator per
 * lane: 8 float / 4 double lanes under AVX2, 16 / 8 under AVX-512) and which columns of an along-dim
 * softmax take the vector or the scalar loop.
 *
 * <p>Chosen by {@code -Dtorchact.reference.cpu=avx2|avx512|auto} or {@link #set}; {@code auto} (the
 * default) picks what libtorch itself would pick in this process: the environment variable {@code
 * ATEN_CPU_CAPABILITY} when it names avx2 or avx512, otherwise AVX-512 where the CPU has AVX-512 F,
 * BW, VL and DQ (libtorch 2.7's {@code compute_cpu_capability}, aten/src/ATen/native/DispatchStub.cpp)
 * and AVX2 elsewhere. libtorch's {@code default} (non-vectorised) capability is not reproduced.
 */
public enum CpuCapability {
    /** {@code Vectorized<float>}: 8 lanes, {@code Vectorized<double>}: 4. */
    AVX2(8, 4),
    /** {@code Vectorized<float>}: 16 lanes, {@code Vectorized<double>}: 8. */
    AVX512(16, 8);

    /** The system property that chooses the capability. */
    public static final String PROPERTY = "torchact.reference.cpu";

    private static volatile CpuCapability chosen;

    private final int floatLanes;
    private final int doubleLanes;

    CpuCapability(int floatLanes, int doubleLanes) {
        this.floatLanes = floatLanes;
        this.doubleLanes = doubleLanes;
    }

    /** Lanes of {@code Vectorized<float>}. */
    public int floatLanes() {
        return floatLanes;
    }

    /** Lanes of {@code Vectorized<double>}. */
    public int doubleLanes() {
        return doubleLanes;
    }

    /** The capability the kernels reproduce now: {@link #set}'s, else the property's, else detected. */
    public static CpuCapability current() {
        CpuCapability c = chosen;
        if (c == null) {
            c = fromSetting(System.getProperty(PROPERTY, "auto"));
            chosen = c;
        }
        return c;
    }

    /** Chooses the capability for every later kernel call; null goes back to the property (or auto). */
    public static void set(CpuCapability c) {
        chosen = c;
    }

    /**
     * {@code avx2}, {@code avx512} or {@code auto} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the property for any other value
     */
    public static CpuCapability fromSetting(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "avx2":
                return AVX2;
            case "avx512":
                return AVX512;
            case "auto":
                return detect(System.getenv("ATEN_CPU_CAPABILITY"), CpuFeatures.flags(Path.of("/proc/cpuinfo")));
            default:
                throw new IllegalArgumentException(PROPERTY + ": expected avx2, avx512 or auto, got '" + value + "'");
        }
    }

    /** What libtorch picks on this CPU when no environment variable says otherwise. */
    public static CpuCapability detected() {
        return detect(null, CpuFeatures.flags(Path.of("/proc/cpuinfo")));
    }

    /** What libtorch picks given its environment variable (may be null) and the CPU's flags. */
    static CpuCapability detect(String atenEnv, Set<String> cpuFlags) {
        if (atenEnv != null) {
            String e = atenEnv.trim().toLowerCase(Locale.ROOT);
            if (e.equals("avx2")) {
                return AVX2;
            }
            if (e.equals("avx512")) {
                return AVX512;
            }
        }
        boolean avx512 = cpuFlags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq", "fma"));
        return avx512 ? AVX512 : AVX2;
    }

    /** The name {@code ATEN_CPU_CAPABILITY} uses. */
    public String atenName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
