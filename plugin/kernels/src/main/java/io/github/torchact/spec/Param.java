package io.github.torchact.spec;

import java.util.Objects;
import java.util.function.DoublePredicate;

/**
 * A scalar parameter of an activation, named and defaulted as in PyTorch.
 *
 * @param name PyTorch's argument name, e.g. {@code negative_slope}
 * @param kind whether the value is a real number or an integer (a {@code dim})
 * @param defaultValue PyTorch's default, or {@code null} when the argument is required
 * @param check what a valid value satisfies
 * @param requirement what {@code check} demands, in words, for the exception message
 */
public record Param(String name, Kind kind, Double defaultValue, DoublePredicate check, String requirement) {

    /** Whether a parameter holds a real number or an integer. */
    public enum Kind {
        /** A real number, passed to libtorch as a double {@code Scalar}. */
        REAL,
        /** An integer (a tensor dimension), passed as a long. */
        INT
    }

    /** Refuses null components. */
    public Param {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(check, "check");
    }

    /** A real parameter with a default and no constraint but being a number. */
    public static Param real(String name, double defaultValue) {
        return new Param(name, Kind.REAL, defaultValue, v -> !Double.isNaN(v), "not NaN");
    }

    /** A real parameter without a default. */
    public static Param requiredReal(String name) {
        return new Param(name, Kind.REAL, null, v -> !Double.isNaN(v), "not NaN");
    }

    /** An integer parameter (a tensor dimension) with a default. */
    public static Param dim(String name, Integer defaultValue) {
        return new Param(
                name,
                Kind.INT,
                defaultValue == null ? null : defaultValue.doubleValue(),
                v -> v == Math.rint(v) && Math.abs(v) < Integer.MAX_VALUE,
                "an integer");
    }

    /** This parameter with an extra constraint. */
    public Param require(DoublePredicate extra, String words) {
        return new Param(name, kind, defaultValue, check.and(extra), words);
    }

    /** Whether PyTorch lets this argument be omitted. */
    public boolean hasDefault() {
        return defaultValue != null;
    }
}
