package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Tanh;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Tanh}, float32 and float64: forward is {@link
 * TanhViaDoubleF} / {@link TanhD} block by block (called once per block rather than once over the whole range:
 * more calls, so C2 compiles it sooner); the gradient {@code gy·fma(−y, y, 1)} with y = tanh(x) is
 * staged over {@link Blocks} (tanh, then combine). NaNs are canonical ({@link CanonicalStores}): the
 * forward's only NaN lanes are NaN inputs, which TanhViaDoubleF/TanhD already store as the canonical NaN; the
 * gradient's store blends them in.
 */
final class TanhVector implements CanonicalStores {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** The form of {@code kernel}, which has no parameters. */
    TanhVector(Tanh kernel) {}

    @Override
    public int cost() {
        return 6;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            TanhViaDoubleF.tanh(x, xOff + b, y, yOff + b, Math.min(Blocks.SIZE, n - b));
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            TanhD.tanh(x, xOff + b, y, yOff + b, Math.min(Blocks.SIZE, n - b));
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
                FloatVector out = FloatVector.fromArray(F, gy, gyOff + b + i).mul(y.neg().fma(y, one));
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
                DoubleVector out = DoubleVector.fromArray(D, gy, gyOff + b + i).mul(y.neg().fma(y, one));
                out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + b + i);
            }
        }
        return n;
    }
}
