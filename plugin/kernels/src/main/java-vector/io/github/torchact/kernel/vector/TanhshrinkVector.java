package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Tanhshrink;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Tanhshrink}, float32: {@code x − tanh(x)} and
 * the gradient {@code gy + (−gy)·fma(−y, y, 1)}, y = tanh(x), staged over {@link Blocks} ({@link
 * TanhViaDoubleF} or {@link TanhD}, then combine), float32 and float64.
 */
final class TanhshrinkVector implements CanonicalStores {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** The form of {@code kernel}, which has no parameters. */
    TanhshrinkVector(Tanhshrink kernel) {}

    @Override
    public int cost() {
        return 6;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            TanhViaDoubleF.tanh(x, xOff + b, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector out = FloatVector.fromArray(F, x, xOff + b + i).sub(FloatVector.fromArray(F, t, i));
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
            TanhD.tanh(x, xOff + b, t, 0, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector out = DoubleVector.fromArray(D, x, xOff + b + i).sub(DoubleVector.fromArray(D, t, i));
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
            TanhViaDoubleF.tanh(x, xOff + b, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector y = FloatVector.fromArray(F, t, i);
                FloatVector g = FloatVector.fromArray(F, gy, gyOff + b + i);
                FloatVector out = g.add(g.neg().mul(y.neg().fma(y, one)));
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
            TanhD.tanh(x, xOff + b, t, 0, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector y = DoubleVector.fromArray(D, t, i);
                DoubleVector g = DoubleVector.fromArray(D, gy, gyOff + b + i);
                DoubleVector out = g.add(g.neg().mul(y.neg().fma(y, one)));
                out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + b + i);
            }
        }
        return n;
    }
}
