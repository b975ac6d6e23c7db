package io.github.torchact.kernel.vector;

import static io.github.torchact.kernel.math.OneDnnGelu.AS_A1;
import static io.github.torchact.kernel.math.OneDnnGelu.AS_A2;
import static io.github.torchact.kernel.math.OneDnnGelu.AS_A3;
import static io.github.torchact.kernel.math.OneDnnGelu.AS_A4;
import static io.github.torchact.kernel.math.OneDnnGelu.AS_A5;
import static io.github.torchact.kernel.math.OneDnnGelu.AS_P;
import static io.github.torchact.kernel.math.OneDnnGelu.EXP_LN2;
import static io.github.torchact.kernel.math.OneDnnGelu.EXP_LN_FLT_MAX;
import static io.github.torchact.kernel.math.OneDnnGelu.EXP_LN_FLT_MIN;
import static io.github.torchact.kernel.math.OneDnnGelu.EXP_LOG2E;
import static io.github.torchact.kernel.math.OneDnnGelu.EXP_P1;
import static io.github.torchact.kernel.math.OneDnnGelu.EXP_P2;
import static io.github.torchact.kernel.math.OneDnnGelu.EXP_P3;
import static io.github.torchact.kernel.math.OneDnnGelu.EXP_P4;
import static io.github.torchact.kernel.math.OneDnnGelu.EXP_P5;
import static io.github.torchact.kernel.math.OneDnnGelu.IDX_BIAS;
import static io.github.torchact.kernel.math.OneDnnGelu.ONE_OVER_SQRT_PI;
import static io.github.torchact.kernel.math.OneDnnGelu.ONE_OVER_SQRT_TWO;
import static io.github.torchact.kernel.math.OneDnnGelu.RBOUND;

import io.github.torchact.kernel.math.OneDnnGelu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane-wise copies of {@link OneDnnGelu} (oneDNN's float32 GELU, which libtorch calls): the AVX-512
 * minimax forward (coefficients gathered by interval index), the Abramowitz &amp; Stegun forward and
 * the derivative, each over a block of at most {@link Blocks#SIZE} elements with oneDNN's exp as
 * its own stage. Same operations, order and fma use as the scalar methods.
 */
final class OneDnnGeluF {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final float[] C0 = OneDnnGelu.minimaxCoefficients(0);
    private static final float[] C1 = OneDnnGelu.minimaxCoefficients(1);
    private static final float[] C2 = OneDnnGelu.minimaxCoefficients(2);
    private static final float[] C3 = OneDnnGelu.minimaxCoefficients(3);
    private static final float[] C4 = OneDnnGelu.minimaxCoefficients(4);
    private static final float[] C5 = OneDnnGelu.minimaxCoefficients(5);
    private static final float ROUND = 0x1.8p23f;

    private OneDnnGeluF() {}

    /** y = gelu(x) by the minimax polynomials; idx is a scratch block; returns the length done. */
    static int forwardMinimax(float[] x, int xOff, int[] idx, float[] y, int yOff, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            IntVector bits = v.reinterpretAsInts();
            IntVector posBits = bits.and(0x7fffffff);
            FloatVector pos = posBits.reinterpretAsFloats();
            VectorMask<Integer> beyond = pos.compare(VectorOperators.GT, RBOUND).cast(IntVector.SPECIES_PREFERRED);
            posBits.add(IDX_BIAS).lanewise(VectorOperators.ASHR, 21).max(1).min(24).blend(23, beyond)
                    .intoArray(idx, i);
            FloatVector p = FloatVector.fromArray(F, C5, 0, idx, i);
            p = p.fma(pos, FloatVector.fromArray(F, C4, 0, idx, i));
            p = p.fma(pos, FloatVector.fromArray(F, C3, 0, idx, i));
            p = p.fma(pos, FloatVector.fromArray(F, C2, 0, idx, i));
            p = p.fma(pos, FloatVector.fromArray(F, C1, 0, idx, i));
            p = p.fma(pos, FloatVector.fromArray(F, C0, 0, idx, i));
            FloatVector erf = p.reinterpretAsInts().lanewise(VectorOperators.XOR, bits.and(0x80000000)).reinterpretAsFloats();
            v.mul(erf.add(1f)).mul(0.5f).intoArray(y, yOff + i);
        }
        return end;
    }

    /** y = gelu(x) by A&amp;S; a is a scratch block; returns the length done. */
    static int forwardAbramowitzStegun(float[] x, int xOff, float[] a, float[] y, int yOff, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector r = FloatVector.fromArray(F, x, xOff + i).mul(ONE_OVER_SQRT_TWO);
            r.mul(r).neg().intoArray(a, i);
        }
        exp(a, end);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector p = FloatVector.broadcast(F, AS_P);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector s = FloatVector.fromArray(F, x, xOff + i);
            FloatVector r = s.mul(ONE_OVER_SQRT_TWO);
            FloatVector t = one.div(p.fma(r.abs(), one));
            FloatVector et = FloatVector.fromArray(F, a, i).neg().mul(t);
            FloatVector erf = withSignOf(et.fma(poly(t), one), s);
            FloatVector half = s.mul(0.5f);
            erf.fma(half, half).intoArray(y, yOff + i);
        }
        return end;
    }

    /** gx = gelu'(x) · gy; a is a scratch block; returns the length done. */
    static int backward(float[] x, int xOff, float[] gy, int gyOff, float[] a, float[] gx, int gxOff, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector r = FloatVector.fromArray(F, x, xOff + i).mul(ONE_OVER_SQRT_TWO);
            r.mul(r).neg().intoArray(a, i);
        }
        exp(a, end);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector p = FloatVector.broadcast(F, AS_P);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector r = FloatVector.fromArray(F, x, xOff + i).mul(ONE_OVER_SQRT_TWO);
            FloatVector q = FloatVector.fromArray(F, a, i);
            FloatVector t = r.mul(ONE_OVER_SQRT_PI).mul(q);
            FloatVector w = one.div(p.fma(r.abs(), one));
            FloatVector erf = withSignOf(q.neg().mul(w).fma(poly(w), one), r);
            erf.fma(bc(0.5f), t.add(0.5f)).mul(FloatVector.fromArray(F, gy, gyOff + i)).intoArray(gx, gxOff + i);
        }
        return end;
    }

    private static FloatVector withSignOf(FloatVector v, FloatVector s) {
        return v.reinterpretAsInts().lanewise(VectorOperators.XOR, s.reinterpretAsInts().and(0x80000000))
                .reinterpretAsFloats();
    }

    private static FloatVector poly(FloatVector t) {
        return bc(AS_A5).fma(t, bc(AS_A4)).fma(t, bc(AS_A3)).fma(t, bc(AS_A2)).fma(t, bc(AS_A1));
    }

    private static FloatVector bc(float c) {
        return FloatVector.broadcast(F, c);
    }

    /**
     * a = oneDNN exp(a) over [0, n), n whole vectors: floor(x·log2e + 0.5) as round-to-nearest
     * (add/subtract 1.5·2^23, exact for |·| &lt; 2^22) minus one where that rounded up.
     */
    private static void exp(float[] a, int n) {
        FloatVector max = FloatVector.broadcast(F, EXP_LN_FLT_MAX);
        FloatVector min = FloatVector.broadcast(F, EXP_LN_FLT_MIN);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, a, i);
            VectorMask<Float> underflow = x.compare(VectorOperators.LT, EXP_LN_FLT_MIN);
            FloatVector c = max.blend(x, x.compare(VectorOperators.LT, EXP_LN_FLT_MAX));
            c = min.blend(c, c.compare(VectorOperators.GT, EXP_LN_FLT_MIN));
            FloatVector y = c.mul(EXP_LOG2E).add(0.5f);
            FloatVector nearest = y.add(ROUND).sub(ROUND);
            FloatVector fx = nearest.blend(nearest.sub(1f), nearest.compare(VectorOperators.GT, y));
            FloatVector r = fx.neg().fma(bc(EXP_LN2), c);
            IntVector e = (IntVector) fx.sub(1f).convert(VectorOperators.F2I, 0);
            FloatVector pow = e.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats().blend(0f, underflow);
            FloatVector p = bc(EXP_P5).fma(r, bc(EXP_P4)).fma(r, bc(EXP_P3)).fma(r, bc(EXP_P2)).fma(r, bc(EXP_P1))
                    .fma(r, bc(1f));
            p.mul(pow).mul(2f).intoArray(a, i);
        }
    }
}
