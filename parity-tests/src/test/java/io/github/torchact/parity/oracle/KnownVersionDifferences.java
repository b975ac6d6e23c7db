package io.github.torchact.parity.oracle;

import io.github.torchact.spec.Tolerance;

import java.util.List;
import java.util.function.DoublePredicate;

/**
 * Where another PyTorch version legitimately differs from the oracle's libtorch 2.7.1, found by
 * {@link GoldenValuesTest} and kept here with the reason; everything not listed must agree within the
 * spec's bound, NaN and infinities exact.
 */
final class KnownVersionDifferences {

    /**
     * One difference.
     *
     * @param versionPrefix the golden file's torch version it applies to, e.g. "2.13"
     * @param activation the catalog name
     * @param backward whether it is about the gradient
     * @param tolerance the bound that holds instead of the spec's, or null to keep the spec's
     * @param exempt inputs whose values differ by a changed convention and are not compared
     * @param reason why the versions differ
     */
    record Difference(String versionPrefix, String activation, boolean backward, Tolerance tolerance,
            DoublePredicate exempt, String reason) {}

    static final List<Difference> ALL = List.of(
            new Difference("2.13", "elu", false, Tolerance.ulpsOfOne(1), x -> false,
                    "2.13 computes alpha*expm1(x) where 2.7.1 computes alpha*(exp(x)-1): tiny negative x give -x vs 0"),
            new Difference("2.13", "celu", false, Tolerance.ulpsOfOne(2), x -> false,
                    "celu is elu(x/alpha)*alpha: same expm1 change as elu"),
            new Difference("2.13", "selu", false, Tolerance.ulpsOfOne(2), x -> false,
                    "selu is scale*elu(x, alpha): same expm1 change as elu, scaled by 1.0507*1.6733"),
            new Difference("2.13", "hardswish", true, null, x -> Math.abs(x) == 3.0,
                    "kink convention changed after 2.7: at x = -3 and x = 3, 2.13 gives 0 and gy, 2.7.1 gives gy*(x/3 + 0.5)"),
            new Difference("1.13", "hardswish", true, null, x -> Math.abs(x) == 3.0,
                    "as 2.13: at x = -3 and x = 3, 1.13 gives 0 and gy, 2.7.1 gives gy*(x/3 + 0.5)"),
            new Difference("1.13", "gelu", false, Tolerance.ulpsOfInput(4), x -> Math.abs(x) >= Float.MAX_VALUE,
                    "1.13's float32 vectorised erf is a different approximation; gelu(+inf) was +inf (NaN since 2.x)"
                            + " and gelu(MAX) was MAX (+inf in 2.7.1)"),
            new Difference("1.13", "softshrink", false, null, Double::isNaN,
                    "softshrink(NaN) was 0 in 1.13; NaN since 2.x"),
            new Difference("1.13", "tanh", true, Tolerance.ulpsOfOne(3), x -> false,
                    "1.13's float32 tanh rounds to exactly ±1 for |x| in about [8.7, 9], so 1 - y^2 is 0 there"));

    private KnownVersionDifferences() {}

    static Difference find(String version, String activation, boolean backward) {
        for (Difference d : ALL) {
            if (version.startsWith(d.versionPrefix()) && d.activation().equals(activation) && d.backward() == backward) {
                return d;
            }
        }
        return null;
    }
}
