package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Sigmoid;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Sigmoid}: {@code 1 / (exp(0 − x) +
 * 1)} (a subtraction from +0, not a negation, as in the scalar kernel), argument, {@link
 * ExpF#exp(FloatVector)} and quotient fused into one pass; the gradient recomputes y the same way and
 * gives {@code (gy · (1 − y)) · y}. Float64 likewise on {@link ExpD}. Every store writes NaN lanes as
 * the canonical NaN ({@link CanonicalStores}).
 */
final class SigmoidVector implements CanonicalStores {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** The form of {@code kernel}, which has no parameters. */
    SigmoidVector(Sigmoid kernel) {}

    @Override
    public int cost() {
        return 4;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector t = ExpF.exp(zero.sub(FloatVector.fromArray(F, x, xOff + i)));
            FloatVector out = one.div(t.add(one));
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        int n = D.loopBound(len);
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector one = DoubleVector.broadcast(D, 1d);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector t = ExpD.exp(zero.sub(DoubleVector.fromArray(D, x, xOff + i)));
            DoubleVector out = one.div(t.add(one));
            out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return n;
    }

    /** {@code y = sigmoid(x)} as forward, then {@code (gy · (1 − y)) · y}. */
    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector t = ExpF.exp(zero.sub(FloatVector.fromArray(F, x, xOff + i)));
            FloatVector y = one.div(t.add(one));
            FloatVector out = FloatVector.fromArray(F, gy, gyOff + i).mul(one.sub(y)).mul(y);
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int n = D.loopBound(len);
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector one = DoubleVector.broadcast(D, 1d);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector t = ExpD.exp(zero.sub(DoubleVector.fromArray(D, x, xOff + i)));
            DoubleVector y = one.div(t.add(one));
            DoubleVector out = DoubleVector.fromArray(D, gy, gyOff + i).mul(one.sub(y)).mul(y);
            out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }
}
