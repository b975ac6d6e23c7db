package io.github.torchact.kernel.math;

import java.util.Locale;

/**
 * Which PyTorch's formulas the kernels reproduce where versions differ (listed, with the reason, in
 * the parity suite's {@code KnownVersionDifferences}). Default {@link #V2_7}: libtorch 2.7.1, the
 * engine DJL 0.35 runs, so blocks on the PyTorch engine and the Java kernels agree. {@link #V2_13}
 * gives current PyTorch's (2.8 and later) results: the ELU family with expm1, hardswish's gradient at
 * ±3, the softmax-family gradients and gelu's float64 gradient as 2.13 computes them.
 *
 * <p>Chosen by {@code -Dtorchact.reference.torch=2.7|2.13} or {@link #set}; elementwise kernels read it
 * when they are created, the softmax family on every call.
 */
public enum TorchVersion {
    /** libtorch 2.7.1 (DJL 0.35's engine). */
    V2_7("2.7"),
    /** PyTorch 2.13 (and 2.8 onwards where the listed formulas are concerned). */
    V2_13("2.13");

    /** The system property that chooses the version. */
    public static final String PROPERTY = "torchact.reference.torch";

    private static volatile TorchVersion chosen;

    private final String label;

    TorchVersion(String label) {
        this.label = label;
    }

    /** "2.7" or "2.13". */
    public String label() {
        return label;
    }

    /** Whether this is 2.13's semantics (current PyTorch). */
    public boolean isCurrent() {
        return this == V2_13;
    }

    /** The version the kernels reproduce now: {@link #set}'s, else the property's (default 2.7). */
    public static TorchVersion current() {
        TorchVersion v = chosen;
        if (v == null) {
            v = fromSetting(System.getProperty(PROPERTY, "2.7"));
            chosen = v;
        }
        return v;
    }

    /** Chooses the version for kernels created from now on; null goes back to the property. */
    public static void set(TorchVersion v) {
        chosen = v;
    }

    /**
     * "2.7" or "2.13" (a leading "v" and a patch level are accepted: "2.7.1", "2.13.0").
     *
     * @throws IllegalArgumentException naming the property for any other value
     */
    public static TorchVersion fromSetting(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("v")) {
            v = v.substring(1);
        }
        if (v.equals("2.7") || v.startsWith("2.7.")) {
            return V2_7;
        }
        if (v.equals("2.13") || v.startsWith("2.13.")) {
            return V2_13;
        }
        throw new IllegalArgumentException(PROPERTY + ": expected 2.7 or 2.13, got '" + value + "'");
    }
}
