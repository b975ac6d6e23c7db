package io.github.torchact.kernel.math;

/**
 * PLACEHOLDER for {@code AtenMath.erf} until the libtorch-exact version lands (libtorch's float32
 * erf is its own polynomial in {@code vec256_float.h}, its float64 erf is Sleef's {@code erfd4_u10}):
 * the error function to within a few ulp, computed in double. Kernels reach it through one private
 * method each, so switching to {@code AtenMath.erf} is a one-line change; delete this class then.
 *
 * <p>|x| &lt; 2: the Maclaurin series {@code erf x = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))};
 * 2 ≤ |x| &lt; 6: {@code 1 - erfc x} with erfc by its continued fraction (Abramowitz &amp; Stegun
 * 7.1.2, 7.1.14); |x| ≥ 6: ±1 (erfc(6) &lt; ulp(1)/2).
 */
public final class AtenErfPlaceholder {

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;

    private AtenErfPlaceholder() {}

    public static float erf(float x) {
        return (float) erf((double) x);
    }

    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a < 2) {
            r = series(a);
        } else if (a < 6) {
            r = 1 - erfcContinuedFraction(a);
        } else {
            r = 1;
        }
        return Math.copySign(r, x);
    }

    private static double series(double a) {
        double x2 = a * a;
        double term = a;
        double sum = a;
        for (int n = 1; n < 200; n++) {
            term *= -x2 / n;
            double t = term / (2 * n + 1);
            double next = sum + t;
            if (next == sum) {
                break;
            }
            sum = next;
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    /** erfc(a) = exp(-a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + ...)))), evaluated by modified Lentz. */
    private static double erfcContinuedFraction(double a) {
        double tiny = 1e-300;
        double f = a;
        double c = a;
        double d = 0;
        for (int k = 1; k < 5000; k++) {
            double an = k / 2.0;
            d = a + an * d;
            d = d == 0 ? tiny : d;
            c = a + an / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-17) {
                break;
            }
        }
        double hi = a * a;
        double lo = Math.fma(a, a, -hi);
        double e = StrictMath.exp(-hi) * (1 - lo);
        return e * ONE_OVER_SQRT_PI / f;
    }
}
