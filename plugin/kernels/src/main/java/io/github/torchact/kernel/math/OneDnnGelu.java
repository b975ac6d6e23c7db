package io.github.torchact.kernel.math;

/**
 * oneDNN's float32 GELU (erf form), which libtorch calls instead of its own kernel for contiguous
 * float32 tensors of more than one element ({@code gelu_out_cpu} and {@code gelu_backward_out_cpu}
 * in PyTorch 2.7 {@code aten/src/ATen/native/Activation.cpp}, {@code use_mkldnn}). Transcribed from
 * oneDNN v3.7.1 {@code src/cpu/x64/injectors/jit_uni_eltwise_injector.cpp}, instruction by
 * instruction (every multiply, add and fma rounds on its own as the JIT code does).
 *
 * <p>oneDNN picks its code by CPU, not by {@code ATEN_CPU_CAPABILITY}: with AVX-512 ({@code
 * avx512_core}) the forward is a piecewise minimax polynomial for erf(x/√2) on 24 intervals indexed
 * by the exponent and two mantissa bits of |x|; without it, Abramowitz &amp; Stegun 7.1.26 with
 * oneDNN's exp. The backward is A&amp;S on every CPU. {@link #AVX512} says which forward this JVM
 * reproduces (from {@code /proc/cpuinfo}, overridable with {@code -Dtorchact.onednn.avx512}).
 */
public final class OneDnnGelu {

    /** Whether libtorch's oneDNN runs its AVX-512 code on this machine (the forward differs). */
    public static final boolean AVX512 = CpuFeatures.hasAvx512Core();

    private static final float HALF = 0.5f;
    /** 1/sqrt(2) as oneDNN's float constant. */
    public static final float ONE_OVER_SQRT_TWO = Float.intBitsToFloat(0x3f3504f3);
    /** 1/sqrt(pi) as oneDNN's float constant. */
    public static final float ONE_OVER_SQRT_PI = Float.intBitsToFloat(0x3f106eba);
    /** A&amp;S 7.1.26 p and a1..a5. */
    public static final float AS_P = Float.intBitsToFloat(0x3ea7ba05);
    /** A&amp;S 7.1.26 a1. */
    public static final float AS_A1 = Float.intBitsToFloat(0x3e827906);
    /** A&amp;S 7.1.26 a2. */
    public static final float AS_A2 = Float.intBitsToFloat(0xbe91a98e);
    /** A&amp;S 7.1.26 a3. */
    public static final float AS_A3 = Float.intBitsToFloat(0x3fb5f0e3);
    /** A&amp;S 7.1.26 a4. */
    public static final float AS_A4 = Float.intBitsToFloat(0xbfba00e3);
    /** A&amp;S 7.1.26 a5. */
    public static final float AS_A5 = Float.intBitsToFloat(0x3f87dc22);

    /** Minimax table: index bias, right bound (erf = ±1 beyond it). */
    public static final int IDX_BIAS = 0xc21fffff;
    /** Right bound of the minimax table: erf is ±1 beyond it. */
    public static final float RBOUND = Float.intBitsToFloat(0x40b15cee);

    /** oneDNN exp: clamp bounds ln FLT_MIN, ln FLT_MAX; log2 e, ln 2; polynomial degree 5..1. */
    public static final float EXP_LN_FLT_MIN = Float.intBitsToFloat(0xc2aeac50);
    /** oneDNN exp: upper clamp bound, ln FLT_MAX. */
    public static final float EXP_LN_FLT_MAX = Float.intBitsToFloat(0x42b17218);
    /** oneDNN exp: log2 e. */
    public static final float EXP_LOG2E = Float.intBitsToFloat(0x3fb8aa3b);
    /** oneDNN exp: ln 2. */
    public static final float EXP_LN2 = Float.intBitsToFloat(0x3f317218);
    /** oneDNN exp: degree-5 coefficient. */
    public static final float EXP_P5 = Float.intBitsToFloat(0x3c07cfce);
    /** oneDNN exp: degree-4 coefficient. */
    public static final float EXP_P4 = Float.intBitsToFloat(0x3d2b9d0d);
    /** oneDNN exp: degree-3 coefficient. */
    public static final float EXP_P3 = Float.intBitsToFloat(0x3e2aad40);
    /** oneDNN exp: degree-2 coefficient. */
    public static final float EXP_P2 = Float.intBitsToFloat(0x3efffee3);
    /** oneDNN exp: degree-1 coefficient. */
    public static final float EXP_P1 = Float.intBitsToFloat(0x3f7ffffb);

    /** Coefficients of degree 0..5 of the 25 interval polynomials (oneDNN pads the table to 32). */
    private static final float[] C0 = floats(
            0xa6f2cb94, 0x32827792, 0x3381cc0c, 0x34523d4a, 0x351ac44d, 0x35f36d88, 0x36ee8229,
            0x37b8a3bb, 0x3867a213, 0x3940033b, 0x3a2a5a1d, 0x3ae35863, 0x3b7828f2, 0x3c08b14b,
            0x3c515ed3, 0xbb503236, 0xbd8d8e5e, 0xbe8abcd9, 0xbf0c19a2, 0xbeccb328, 0x3e176ced,
            0x3f470d99, 0x3f7abb28, 0x3f800000, 0x00000000);

    private static final float[] C1 = floats(
            0x3f4c422a, 0x3f4c421f, 0x3f4c4207, 0x3f4c41cb, 0x3f4c413b, 0x3f4c3fad, 0x3f4c3a2f,
            0x3f4c2d40, 0x3f4c146a, 0x3f4bc341, 0x3f4ad08c, 0x3f48f8cf, 0x3f45fac7, 0x3f404e07,
            0x3f3b980f, 0x3f48dff3, 0x3f78b21b, 0x3fbb0704, 0x40019c32, 0x3fe536d6, 0x3f81331e,
            0x3e6c8684, 0x3c98f936, 0x00000000, 0x3f800000);

    private static final float[] C2 = floats(
            0xb62173f4, 0x3735e4cf, 0x37f2ff89, 0x388c23be, 0x3917535c, 0x39ab2ab0, 0x3a60fadb,
            0x3af9b960, 0x3b6e5491, 0x3c0a4ec5, 0x3ca5aa8c, 0x3d2138d9, 0x3d8737d4, 0x3ddfb660,
            0x3e0f27ab, 0x3d94004b, 0xbe0efdeb, 0xbf1d96c3, 0xbf89db58, 0xbf6d9897, 0xbef69fb8,
            0xbdc4f8a8, 0xbbde6422, 0x00000000, 0x00000000);

    private static final float[] C3 = floats(
            0xbe081a19, 0xbe084570, 0xbe08639b, 0xbe089837, 0xbe08f409, 0xbe09ab95, 0xbe0b66d0,
            0xbe0e400a, 0xbe124df8, 0xbe1bde02, 0xbe2f19c9, 0xbe4931bf, 0xbe685fbc, 0xbe89c95f,
            0xbe96cbca, 0xbe8044aa, 0xbe0550f2, 0x3dcfd6a1, 0x3e94c826, 0x3e79345f, 0x3decec91,
            0x3ca46568, 0x3aa1e00a, 0x00000000, 0x00000000);

    private static final float[] C4 = floats(
            0xba3d61db, 0x39f097a3, 0x3a5845dc, 0x3ab1fa35, 0x3b0cefb8, 0x3b653ab6, 0x3bcae527,
            0x3c221712, 0x3c6c5840, 0x3cc0a703, 0x3d1dcc19, 0x3d63656d, 0x3d955907, 0x3dbf9910,
            0x3dd53f69, 0x3db7dcef, 0x3d639ebe, 0xba6ede48, 0xbd22be69, 0xbd041cf1, 0xbc64f5ab,
            0xbb097a32, 0xb8ebf380, 0x00000000, 0x00000000);

    private static final float[] C5 = floats(
            0x3cb7d80c, 0x3c9b6050, 0x3c978d11, 0x3c92e850, 0x3c8d058b, 0x3c848454, 0x3c6cd623,
            0x3c4c824b, 0x3c2a7935, 0x3be0b390, 0x3b0651ac, 0xbb232f53, 0xbbd42fa0, 0xbc2c5366,
            0xbc492c9e, 0xbc2a7aa6, 0xbbd55d04, 0xba823a76, 0x3b102aa8, 0x3ae25a7e, 0x3a31f792,
            0x38b84375, 0x3689bb5a, 0x00000000, 0x00000000);

    private OneDnnGelu() {}

    /** gelu(x) = 0.5·x·(1 + erf(x/√2)) as libtorch's oneDNN call computes it on this CPU. */
    public static float forward(float x) {
        return AVX512 ? forwardMinimax(x) : forwardAbramowitzStegun(x);
    }

    /**
     * AVX-512 forward: p = P_i(|x|) by Horner with fma, i from the bits of |x| (clamped to [1, 24], 23
     * beyond the right bound), erf = p with x's sign, result (x·(1 + erf))·0.5. (The table's
     * polynomial 23 is the constant 1, so |x| = inf gives 0·inf = NaN, as libtorch does.)
     */
    static float forwardMinimax(float x) {
        int bits = Float.floatToRawIntBits(x);
        float pos = Float.intBitsToFloat(bits & 0x7fffffff);
        int i = (Float.floatToRawIntBits(pos) + IDX_BIAS) >> 21;
        i = Math.min(Math.max(i, 1), 24);
        if (RBOUND < pos) {
            i = 23;
        }
        float p = C5[i];
        p = Math.fma(p, pos, C4[i]);
        p = Math.fma(p, pos, C3[i]);
        p = Math.fma(p, pos, C2[i]);
        p = Math.fma(p, pos, C1[i]);
        p = Math.fma(p, pos, C0[i]);
        float erf = Float.intBitsToFloat(Float.floatToRawIntBits(p) ^ (bits & 0x80000000));
        return x * (erf + 1f) * HALF;
    }

    /** Forward without AVX-512: S + S·erf with S = 0.5·x, erf by A&amp;S with oneDNN's exp. */
    static float forwardAbramowitzStegun(float s) {
        float x = s * ONE_OVER_SQRT_TWO;
        float t = 1f / Math.fma(AS_P, Math.abs(x), 1f);
        float e = -exp(-(x * x));
        float et = e * t;
        float erf = Math.fma(et, poly(t), 1f);
        erf = Float.intBitsToFloat(Float.floatToRawIntBits(erf) ^ (Float.floatToRawIntBits(s) & 0x80000000));
        float half = s * HALF;
        return Math.fma(erf, half, half);
    }

    /**
     * The derivative d gelu/dx (libtorch multiplies it by the incoming gradient): with R = x/√2,
     * Q = e^(−R²) and W = 1/(1 + p·|R|), {@code fma(erf, 0.5, (R·(1/√π))·Q + 0.5)}, erf = sign(R)·
     * fma(−Q·W, A(W), 1).
     */
    public static float derivative(float s) {
        float r = s * ONE_OVER_SQRT_TWO;
        float q = exp(-(r * r));
        float t = r * ONE_OVER_SQRT_PI * q;
        float w = 1f / Math.fma(AS_P, Math.abs(r), 1f);
        float qw = -q * w;
        float erf = Math.fma(qw, poly(w), 1f);
        erf = Float.intBitsToFloat(Float.floatToRawIntBits(erf) ^ (Float.floatToRawIntBits(r) & 0x80000000));
        return Math.fma(erf, HALF, t + HALF);
    }

    /** A&amp;S 7.1.26's a5·t⁴ + … + a1 by Horner with fma. */
    private static float poly(float t) {
        float p = Math.fma(AS_A5, t, AS_A4);
        p = Math.fma(p, t, AS_A3);
        p = Math.fma(p, t, AS_A2);
        return Math.fma(p, t, AS_A1);
    }

    /**
     * oneDNN's float32 exp ({@code exp_compute_vector_fwd}): clamp to [ln FLT_MIN, ln FLT_MAX]
     * (x86 min/max: NaN becomes the bound), n = floor(x·log2e + 0.5), r = fma(−n, ln2, x), degree-5
     * polynomial, times 2^(n−1) from the exponent field (0 below ln FLT_MIN) and 2.
     */
    static float exp(float x) {
        boolean underflow = x < EXP_LN_FLT_MIN;
        x = x < EXP_LN_FLT_MAX ? x : EXP_LN_FLT_MAX;
        x = x > EXP_LN_FLT_MIN ? x : EXP_LN_FLT_MIN;
        float fx = (float) Math.floor(x * EXP_LOG2E + HALF);
        float r = Math.fma(-fx, EXP_LN2, x);
        int n = Avx2.cvtps2dq(fx - 1f) + 0x7f;
        float pow = underflow ? 0f : Float.intBitsToFloat(n << 23);
        float p = Math.fma(EXP_P5, r, EXP_P4);
        p = Math.fma(p, r, EXP_P3);
        p = Math.fma(p, r, EXP_P2);
        p = Math.fma(p, r, EXP_P1);
        p = Math.fma(p, r, 1f);
        return p * pow * 2f;
    }

    /** The minimax table's coefficients of one degree (0..5), indexed by interval (a copy). */
    public static float[] minimaxCoefficients(int degree) {
        return new float[][] {C0, C1, C2, C3, C4, C5}[degree].clone();
    }

    private static float[] floats(int... bits) {
        float[] f = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            f[i] = Float.intBitsToFloat(bits[i]);
        }
        return f;
    }
}
