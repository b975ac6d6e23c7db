package io.github.torchact.kernel.math;

/**
 * The elementary functions as libtorch 2.7.1's vectorised CPU path computes them with {@code
 * ATEN_CPU_CAPABILITY=avx2}: {@code Vectorized<float>} and {@code Vectorized<double>} in
 * aten/src/ATen/cpu/vec/vec256/vec256_float.h and vec256_double.h call Sleef's AVX2 functions
 * ({@code Sleef_expf8_u10}, {@code Sleef_expm1f8_u10}, {@code Sleef_logf8_u10}, {@code
 * Sleef_log1pf8_u10}, {@code Sleef_tanhf8_u10} and the {@code d4} counterparts, {@code
 * Sleef_erfd4_u10}); float32 erf is ATen's own Abramowitz–Stegun formula on top of Sleef expf.
 *
 * <p>Each function but {@link #tanhMkl(float)} (MKL's, closed source) is a straight-line transcription
 * of the Sleef routine named in its class's javadoc: same constants, range reduction,
 * double-float/double-double steps, FMA exactly where the AVX2 build fuses, and the same special-case
 * selects, so results are bit-identical to libtorch's vectorised
 * path (measured: see each method). No tables, no {@code Math.exp}/{@code log}; only + − × ÷,
 * {@link Math#fma}, {@link Math#rint}, compares and bit manipulation, so the result does not depend on
 * the JIT tier or JDK. Note that libtorch's scalar tail path (tensors shorter than a vector, or the
 * remainder of a chunk) uses glibc/std functions instead and can differ by an ulp or so.
 *
 * <p>Kernels must call these, never {@code Math.exp} and friends.
 */
public final class AtenMath {

    private AtenMath() {}

    /** e^x: Sleef xexpf. Measured vs libtorch: bitwise on every input tried. */
    public static float exp(float x) {
        return SleefF.exp(x);
    }

    /** e^x: Sleef xexp. Measured vs libtorch: bitwise on every input tried. */
    public static double exp(double x) {
        return SleefD.exp(x);
    }

    /** e^x − 1: Sleef xexpm1f. Measured vs libtorch: bitwise on every input tried. */
    public static float expm1(float x) {
        return SleefF.expm1(x);
    }

    /** e^x − 1: Sleef xexpm1. Measured vs libtorch: bitwise on every input tried. */
    public static double expm1(double x) {
        return SleefD.expm1(x);
    }

    /** ln x: Sleef xlogf_u1. Measured vs libtorch: bitwise on every input tried. */
    public static float log(float x) {
        return SleefF.log(x);
    }

    /** ln x: Sleef xlog_u1. Measured vs libtorch: bitwise on every input tried. */
    public static double log(double x) {
        return SleefD.log(x);
    }

    /** ln(1 + x): Sleef xlog1pf. Measured vs libtorch: bitwise on every input tried. */
    public static float log1p(float x) {
        return SleefF.log1p(x);
    }

    /** ln(1 + x): Sleef xlog1p. Measured vs libtorch: bitwise on every input tried. */
    public static double log1p(double x) {
        return SleefD.log1p(x);
    }

    /** tanh x: Sleef xtanhf. Measured vs libtorch: bitwise on every input tried. */
    public static float tanh(float x) {
        return SleefF.tanh(x);
    }

    /**
     * torch.tanh's float32 tanh x, which is Intel MKL's vector tanh (closed source, so not transcribed):
     * tanh evaluated in float64 and rounded once ({@link TanhViaDoubleF}, not Sleef). Measured vs
     * libtorch: within 1 ulp on all 2^32 inputs (parity-tests/exhaustive-results.md). The tanh inside
     * gelu_tanh and mish is Sleef's: {@link #tanh(float)}.
     */
    public static float tanhMkl(float x) {
        return TanhViaDoubleF.tanh(x);
    }

    /** tanh x: Sleef xtanh. Measured vs libtorch: bitwise on every input tried. */
    public static double tanh(double x) {
        return SleefD.tanh(x);
    }

    /** erf x: Sleef xerf_u1. Measured vs libtorch: bitwise on every input tried. */
    public static double erf(double x) {
        return SleefErfD.erf(x);
    }
}
