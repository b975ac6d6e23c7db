package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Mish;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Mish}, float32 and float64, forward and backward, over {@link Blocks}
 * blocks. Forward: {@code x · tanh(log1p(exp(x)))} in four passes (argument and {@link
 * ExpF#exp(FloatVector)} fused, {@link Log1pF}, {@link TanhF}, product). Backward: with {@code s = 1 /
 * (1 + exp(−x))} and {@code t = tanh(log1p(exp(x)))}, {@code gy · fma(x·s, fma(−t, t, 1), t)}: t's
 * chain staged (argument, {@link ExpF}, {@link Log1pF}, {@link TanhF}), then the combination with
 * s's exp fused into it. One lane-wise exp per method, for the reason given in {@link
 * SoftplusVector}. Float64 likewise on {@link ExpD}, {@link Log1pD}, {@link TanhD}.
 *
 * <p>The argument of the softplus chain is {@code min(x, 20)} (NaN kept): for every x ≥ 20,
 * {@code log1p(exp(x)) ≥ 20} (or +inf, through log1p's ln lanes), and Sleef tanh gives exactly 1 for
 * any argument above 8.664339742 (float) or 18.714973875 (double), so {@code t = 1} whether the lane is clamped or not. The clamp keeps
 * exp's +inf and values above log1p's 1e38 bound out of {@link Log1pF}'s slow ln lanes.
 */
final class MishVector implements CanonicalStores {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Above this, tanh(log1p(exp(x))) is exactly 1 (see the class comment). */
    private static final float SATURATED = 20f;

    /** The form of {@code kernel}, which has no parameters. */
    MishVector(Mish kernel) {}

    @Override
    public int cost() {
        return 12;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + b + i);
                ExpF.exp(v.blend(SATURATED, v.compare(VectorOperators.GT, SATURATED))).intoArray(t, i);
            }
            Log1pF.log1p(t, 0, t, 0, m);
            TanhF.tanh(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector out = FloatVector.fromArray(F, x, xOff + b + i).mul(FloatVector.fromArray(F, t, i));
                out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        double[] t = Blocks.f64()[0];
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector v = DoubleVector.fromArray(D, x, xOff + b + i);
                ExpD.exp(v.blend(SATURATED, v.compare(VectorOperators.GT, SATURATED))).intoArray(t, i);
            }
            Log1pD.log1p(t, 0, t, 0, m);
            TanhD.tanh(t, 0, t, 0, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector out = DoubleVector.fromArray(D, x, xOff + b + i).mul(DoubleVector.fromArray(D, t, i));
                out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            clamped(x, xOff + b, t, m);
            ExpF.exp(t, 0, t, 0, m);
            Log1pF.log1p(t, 0, t, 0, m);
            TanhF.tanh(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector xv = FloatVector.fromArray(F, x, xOff + b + i);
                FloatVector s = one.div(one.add(ExpF.exp(xv.neg())));
                FloatVector tv = FloatVector.fromArray(F, t, i);
                FloatVector inner = xv.mul(s).fma(tv.neg().fma(tv, one), tv);
                FloatVector out = FloatVector.fromArray(F, gy, gyOff + b + i).mul(inner);
                out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int n = D.loopBound(len);
        double[] t = Blocks.f64()[0];
        DoubleVector one = DoubleVector.broadcast(D, 1d);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            clamped(x, xOff + b, t, m);
            ExpD.exp(t, 0, t, 0, m);
            Log1pD.log1p(t, 0, t, 0, m);
            TanhD.tanh(t, 0, t, 0, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector xv = DoubleVector.fromArray(D, x, xOff + b + i);
                DoubleVector s = one.div(one.add(ExpD.exp(xv.neg())));
                DoubleVector tv = DoubleVector.fromArray(D, t, i);
                DoubleVector inner = xv.mul(s).fma(tv.neg().fma(tv, one), tv);
                DoubleVector out = DoubleVector.fromArray(D, gy, gyOff + b + i).mul(inner);
                out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + b + i);
            }
        }
        return n;
    }

    /** t[0, m) = x where x ≤ 20 or NaN, else 20. */
    private static void clamped(float[] x, int xOff, float[] t, int m) {
        for (int i = 0; i < m; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            v.blend(SATURATED, v.compare(VectorOperators.GT, SATURATED)).intoArray(t, i);
        }
    }

    /** t[0, m) = x where x ≤ 20 or NaN, else 20. */
    private static void clamped(double[] x, int xOff, double[] t, int m) {
        for (int i = 0; i < m; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            v.blend(SATURATED, v.compare(VectorOperators.GT, SATURATED)).intoArray(t, i);
        }
    }
}
