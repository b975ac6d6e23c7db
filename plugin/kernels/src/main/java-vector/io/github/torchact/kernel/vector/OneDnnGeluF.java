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
 * minimax forward (coefficients picked by interval index), the Abramowitz &amp; Stegun forward and
 * the derivative, each one loop over the elements with oneDNN's exp inlined. Same operations, order and fma use as the scalar methods; NaN lanes are stored as
 * the canonical NaN (for {@link GeluVector}, a {@link CanonicalStores}).
 */
final class OneDnnGeluF {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** The minimax coefficients' bits by degree, padded to 32 intervals (two 16-lane vectors). */
    private static final int[] C0 = bits(0);
    private static final int[] C1 = bits(1);
    private static final int[] C2 = bits(2);
    private static final int[] C3 = bits(3);
    private static final int[] C4 = bits(4);
    private static final int[] C5 = bits(5);
    private static final float ROUND = 0x1.8p23f;

    private OneDnnGeluF() {}

    private static int[] bits(int degree) {
        float[] table = OneDnnGelu.minimaxCoefficients(degree);
        int[] b = new int[32];
        for (int i = 0; i < table.length; i++) {
            b[i] = Float.floatToRawIntBits(table[i]);
        }
        return b;
    }

    /**
     * y = gelu(x) by the minimax polynomials over a block; returns the length done. With
     * 16 lanes a coefficient is picked from its 32-entry table (as int bits) by two lane permutes and
     * a blend, several times faster than a gather; other widths gather.
     */
    static int forwardMinimax(float[] x, int xOff, float[] y, int yOff, int n) {
        return F.length() == 16 && I.length() == 16 ? forwardMinimax16(x, xOff, y, yOff, n) : forwardMinimaxGather(x, xOff, y, yOff, n);
    }

    private static int forwardMinimax16(float[] x, int xOff, float[] y, int yOff, int n) {
        int end = F.loopBound(n);
        IntVector c0lo = IntVector.fromArray(I, C0, 0);
        IntVector c0hi = IntVector.fromArray(I, C0, 16);
        IntVector c1lo = IntVector.fromArray(I, C1, 0);
        IntVector c1hi = IntVector.fromArray(I, C1, 16);
        IntVector c2lo = IntVector.fromArray(I, C2, 0);
        IntVector c2hi = IntVector.fromArray(I, C2, 16);
        IntVector c3lo = IntVector.fromArray(I, C3, 0);
        IntVector c3hi = IntVector.fromArray(I, C3, 16);
        IntVector c4lo = IntVector.fromArray(I, C4, 0);
        IntVector c4hi = IntVector.fromArray(I, C4, 16);
        IntVector c5lo = IntVector.fromArray(I, C5, 0);
        IntVector c5hi = IntVector.fromArray(I, C5, 16);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            IntVector bits = v.reinterpretAsInts();
            IntVector posBits = bits.and(0x7fffffff);
            FloatVector pos = posBits.reinterpretAsFloats();
            VectorMask<Integer> beyond = pos.compare(VectorOperators.GT, RBOUND).cast(I);
            IntVector interval = posBits.add(IDX_BIAS).lanewise(VectorOperators.ASHR, 21).max(1).min(24).blend(23, beyond);
            VectorMask<Integer> high = interval.compare(VectorOperators.GE, 16);
            IntVector lane = interval.and(15);
            FloatVector p = lane.selectFrom(c5lo).blend(lane.selectFrom(c5hi), high).reinterpretAsFloats();
            p = p.fma(pos, lane.selectFrom(c4lo).blend(lane.selectFrom(c4hi), high).reinterpretAsFloats());
            p = p.fma(pos, lane.selectFrom(c3lo).blend(lane.selectFrom(c3hi), high).reinterpretAsFloats());
            p = p.fma(pos, lane.selectFrom(c2lo).blend(lane.selectFrom(c2hi), high).reinterpretAsFloats());
            p = p.fma(pos, lane.selectFrom(c1lo).blend(lane.selectFrom(c1hi), high).reinterpretAsFloats());
            p = p.fma(pos, lane.selectFrom(c0lo).blend(lane.selectFrom(c0hi), high).reinterpretAsFloats());
            FloatVector erf = p.reinterpretAsInts().lanewise(VectorOperators.XOR, bits.and(0x80000000)).reinterpretAsFloats();
            FloatVector out = v.mul(erf.add(1f)).mul(0.5f);
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return end;
    }

    private static int forwardMinimaxGather(float[] x, int xOff, float[] y, int yOff, int n) {
        int end = F.loopBound(n);
        int[] idx = Blocks.i32();
        for (int i = 0; i < end; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            IntVector bits = v.reinterpretAsInts();
            IntVector posBits = bits.and(0x7fffffff);
            FloatVector pos = posBits.reinterpretAsFloats();
            VectorMask<Integer> beyond = pos.compare(VectorOperators.GT, RBOUND).cast(I);
            posBits.add(IDX_BIAS).lanewise(VectorOperators.ASHR, 21).max(1).min(24).blend(23, beyond).intoArray(idx, i);
            FloatVector p = IntVector.fromArray(I, C5, 0, idx, i).reinterpretAsFloats();
            p = p.fma(pos, IntVector.fromArray(I, C4, 0, idx, i).reinterpretAsFloats());
            p = p.fma(pos, IntVector.fromArray(I, C3, 0, idx, i).reinterpretAsFloats());
            p = p.fma(pos, IntVector.fromArray(I, C2, 0, idx, i).reinterpretAsFloats());
            p = p.fma(pos, IntVector.fromArray(I, C1, 0, idx, i).reinterpretAsFloats());
            p = p.fma(pos, IntVector.fromArray(I, C0, 0, idx, i).reinterpretAsFloats());
            FloatVector erf = p.reinterpretAsInts().lanewise(VectorOperators.XOR, bits.and(0x80000000)).reinterpretAsFloats();
            FloatVector out = v.mul(erf.add(1f)).mul(0.5f);
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return end;
    }

    /** y = gelu(x) by A&amp;S; returns the length done. */
    static int forwardAbramowitzStegun(float[] x, int xOff, float[] y, int yOff, int n) {
        int end = F.loopBound(n);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector p = FloatVector.broadcast(F, AS_P);
        FloatVector a1 = FloatVector.broadcast(F, AS_A1);
        FloatVector a2 = FloatVector.broadcast(F, AS_A2);
        FloatVector a3 = FloatVector.broadcast(F, AS_A3);
        FloatVector a4 = FloatVector.broadcast(F, AS_A4);
        FloatVector a5 = FloatVector.broadcast(F, AS_A5);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector s = FloatVector.fromArray(F, x, xOff + i);
            FloatVector r = s.mul(ONE_OVER_SQRT_TWO);
            FloatVector q = exp(r.mul(r).neg());
            FloatVector t = one.div(p.fma(r.abs(), one));
            FloatVector et = q.neg().mul(t);
            FloatVector poly = a5.fma(t, a4).fma(t, a3).fma(t, a2).fma(t, a1);
            FloatVector erf = et.fma(poly, one).reinterpretAsInts()
                    .lanewise(VectorOperators.XOR, s.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
            FloatVector half = s.mul(0.5f);
            FloatVector out = erf.fma(half, half);
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return end;
    }

    /** gx = gelu'(x) · gy; returns the length done. */
    static int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int n) {
        int end = F.loopBound(n);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector half = FloatVector.broadcast(F, 0.5f);
        FloatVector p = FloatVector.broadcast(F, AS_P);
        FloatVector a1 = FloatVector.broadcast(F, AS_A1);
        FloatVector a2 = FloatVector.broadcast(F, AS_A2);
        FloatVector a3 = FloatVector.broadcast(F, AS_A3);
        FloatVector a4 = FloatVector.broadcast(F, AS_A4);
        FloatVector a5 = FloatVector.broadcast(F, AS_A5);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector r = FloatVector.fromArray(F, x, xOff + i).mul(ONE_OVER_SQRT_TWO);
            FloatVector q = exp(r.mul(r).neg());
            FloatVector t = r.mul(ONE_OVER_SQRT_PI).mul(q);
            FloatVector w = one.div(p.fma(r.abs(), one));
            FloatVector poly = a5.fma(w, a4).fma(w, a3).fma(w, a2).fma(w, a1);
            FloatVector erf = q.neg().mul(w).fma(poly, one).reinterpretAsInts()
                    .lanewise(VectorOperators.XOR, r.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
            FloatVector out = erf.fma(half, t.add(0.5f)).mul(FloatVector.fromArray(F, gy, gyOff + i));
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return end;
    }

    /**
     * oneDNN's exp, lane-wise: floor(x·log2e + 0.5) as round-to-nearest (add/subtract 1.5·2^23, exact
     * for |·| &lt; 2^22) minus one where that rounded up. Inlined into the callers' loops, so an element
     * is read and written once (a separate exp pass over a staged block left the memory streams idle
     * while it ran: 0.6× the in-cache rate at 16M).
     */
    private static FloatVector exp(FloatVector x) {
        VectorMask<Float> underflow = x.compare(VectorOperators.LT, EXP_LN_FLT_MIN);
        FloatVector c = FloatVector.broadcast(F, EXP_LN_FLT_MAX).blend(x, x.compare(VectorOperators.LT, EXP_LN_FLT_MAX));
        c = FloatVector.broadcast(F, EXP_LN_FLT_MIN).blend(c, c.compare(VectorOperators.GT, EXP_LN_FLT_MIN));
        FloatVector y = c.mul(EXP_LOG2E).add(0.5f);
        FloatVector nearest = y.add(ROUND).sub(ROUND);
        FloatVector fx = nearest.blend(nearest.sub(1f), nearest.compare(VectorOperators.GT, y));
        FloatVector r = fx.neg().fma(FloatVector.broadcast(F, EXP_LN2), c);
        IntVector e = (IntVector) fx.sub(1f).convert(VectorOperators.F2I, 0);
        FloatVector pow = e.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats().blend(0f, underflow);
        FloatVector p = FloatVector.broadcast(F, EXP_P5).fma(r, FloatVector.broadcast(F, EXP_P4))
                .fma(r, FloatVector.broadcast(F, EXP_P3)).fma(r, FloatVector.broadcast(F, EXP_P2))
                .fma(r, FloatVector.broadcast(F, EXP_P1)).fma(r, FloatVector.broadcast(F, 1f));
        return p.mul(pow).mul(2f);
    }
}
