package io.github.torchact.kernel.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link io.github.torchact.kernel.impl.Sigmoid}: {@code 1 / (exp(0 − x) +
 * 1)} (a subtraction from +0, not a negation, as in the scalar kernel), staged over {@link Blocks}:
 * argument, {@link ExpF}, quotient; the gradient recomputes y the same way and gives {@code (gy · (1 −
 * y)) · y}. Float64 likewise on {@link ExpD}. Every store writes NaN lanes as the canonical NaN
 * ({@link CanonicalStores}).
 */
final class SigmoidVector implements CanonicalStores {

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
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += F.length()) {
                zero.sub(FloatVector.fromArray(F, x, xOff + b + i)).intoArray(t, i);
            }
            ExpF.exp(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector out = one.div(FloatVector.fromArray(F, t, i).add(one));
                out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        double[] t = Blocks.f64()[0];
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector one = DoubleVector.broadcast(D, 1d);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += D.length()) {
                zero.sub(DoubleVector.fromArray(D, x, xOff + b + i)).intoArray(t, i);
            }
            ExpD.exp(t, 0, t, 0, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector out = one.div(DoubleVector.fromArray(D, t, i).add(one));
                out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    /** {@code y = sigmoid(x)} as forward, then {@code (gy · (1 − y)) · y}. */
    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += F.length()) {
                zero.sub(FloatVector.fromArray(F, x, xOff + b + i)).intoArray(t, i);
            }
            ExpF.exp(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector y = one.div(FloatVector.fromArray(F, t, i).add(one));
                FloatVector out = FloatVector.fromArray(F, gy, gyOff + b + i).mul(one.sub(y)).mul(y);
                out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int n = D.loopBound(len);
        double[] t = Blocks.f64()[0];
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector one = DoubleVector.broadcast(D, 1d);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += D.length()) {
                zero.sub(DoubleVector.fromArray(D, x, xOff + b + i)).intoArray(t, i);
            }
            ExpD.exp(t, 0, t, 0, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector y = one.div(DoubleVector.fromArray(D, t, i).add(one));
                DoubleVector out = DoubleVector.fromArray(D, gy, gyOff + b + i).mul(one.sub(y)).mul(y);
                out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + b + i);
            }
        }
        return n;
    }
}
