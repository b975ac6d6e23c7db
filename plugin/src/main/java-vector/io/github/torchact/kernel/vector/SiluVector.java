package io.github.torchact.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link io.github.torchact.kernel.impl.Silu}: {@code x / (1 + exp(−x))},
 * staged over {@link Blocks}: argument, {@link ExpF}, quotient; gradient {@code (gy · s) · fma(x, 1 −
 * s, 1)} with {@code s = 1 / (1 + exp(−x))}, staged the same way. Float64 likewise on {@link ExpD}.
 * Every store writes NaN lanes as the canonical NaN ({@link CanonicalStores}).
 */
final class SiluVector implements CanonicalStores {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    @Override
    public int cost() {
        return 4;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector.fromArray(F, x, xOff + b + i).neg().intoArray(t, i);
            }
            ExpF.exp(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector out = FloatVector.fromArray(F, x, xOff + b + i).div(one.add(FloatVector.fromArray(F, t, i)));
                out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        double[] t = Blocks.f64()[0];
        DoubleVector one = DoubleVector.broadcast(D, 1d);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector.fromArray(D, x, xOff + b + i).neg().intoArray(t, i);
            }
            ExpD.exp(t, 0, t, 0, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector out = DoubleVector.fromArray(D, x, xOff + b + i).div(one.add(DoubleVector.fromArray(D, t, i)));
                out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    /** {@code s = 1 / (1 + exp(−x))}, then {@code (gy · s) · fma(x, 1 − s, 1)}. */
    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector.fromArray(F, x, xOff + b + i).neg().intoArray(t, i);
            }
            ExpF.exp(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector s = one.div(one.add(FloatVector.fromArray(F, t, i)));
                FloatVector v = FloatVector.fromArray(F, x, xOff + b + i);
                FloatVector out = FloatVector.fromArray(F, gy, gyOff + b + i).mul(s).mul(v.fma(one.sub(s), one));
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
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector.fromArray(D, x, xOff + b + i).neg().intoArray(t, i);
            }
            ExpD.exp(t, 0, t, 0, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector s = one.div(one.add(DoubleVector.fromArray(D, t, i)));
                DoubleVector v = DoubleVector.fromArray(D, x, xOff + b + i);
                DoubleVector out = DoubleVector.fromArray(D, gy, gyOff + b + i).mul(s).mul(v.fma(one.sub(s), one));
                out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + b + i);
            }
        }
        return n;
    }
}
