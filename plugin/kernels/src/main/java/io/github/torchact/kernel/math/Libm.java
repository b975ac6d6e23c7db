package io.github.torchact.kernel.math;

/**
 * The {@code std::} functions libtorch's scalar loops call, as glibc's libm computes them on x86-64
 * (the version libtorch links at run time; transcribed from glibc 2.36, the one verified: see each
 * class). libtorch runs them for the tail of a contiguous run ({@code
 * ElementwiseKernel#bodyLength}); the vectorised body uses {@link AtenMath} (Sleef).
 *
 * <p>Not transcribed: {@code erff} (float32 gelu takes oneDNN, except on one-element tensors).
 */
public final class Libm {

    private Libm() {}

    /** glibc {@code expf}. */
    public static float exp(float x) {
        return GlibcExpF.exp(x);
    }

    /** glibc {@code log1pf}. */
    public static float log1p(float x) {
        return GlibcLog1pF.log1p(x);
    }

    /** glibc {@code expm1f}. */
    public static float expm1(float x) {
        return GlibcExpm1F.expm1(x);
    }

    /** glibc {@code tanhf}. */
    public static float tanh(float x) {
        return GlibcTanhF.tanh(x);
    }

    /** glibc {@code exp}. */
    public static double exp(double x) {
        return GlibcExpD.exp(x);
    }

    /** glibc {@code log1p}. */
    public static double log1p(double x) {
        return GlibcLog1pD.log1p(x);
    }

    /** glibc {@code expm1}. */
    public static double expm1(double x) {
        return GlibcExpm1D.expm1(x);
    }

    /** glibc {@code tanh}. */
    public static double tanh(double x) {
        return GlibcTanhD.tanh(x);
    }

    /** glibc {@code erf}. */
    public static double erf(double x) {
        return GlibcErfD.erf(x);
    }
}
