package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.GeluTanh;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link GeluTanh}, float32, staged over {@link Blocks}:
 * the inner argument {@code β·fma(κ, (x·x)·x, x)}, {@link TanhF} in place, then {@code (0.5·x)·(1 + t)}
 * forward or {@code gy·(0.5·(1 + t) + ((0.5·x)·fma(−t, t, 1))·(β·fma(3κ, x·x, 1)))} backward, with the
 * scalar kernel's fma placements and its float constants (β = √2·(2/√π)·0.5 and κ = 0.044715 rounded
 * from double; float64 likewise with {@link TanhD} and the double constants).
 */
final class GeluTanhVector implements CanonicalStores {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private static final double BETA_D = 1.41421356237309504880 * 1.12837916709551257390 * 0.5;
    private static final double KAPPA_D = 0.044715;
    private static final float BETA = (float) BETA_D;
    private static final float KAPPA = (float) KAPPA_D;

    /** The form of {@code kernel}, which has no parameters. */
    GeluTanhVector(GeluTanh kernel) {}

    @Override
    public int cost() {
        return 6;
    }

    /** t[0, m) = β·fma(κ, x³, x) for x[xOff, xOff + m). */
    private static void inner(float[] x, int xOff, float[] t, int m) {
        FloatVector kappa = FloatVector.broadcast(F, KAPPA);
        for (int i = 0; i < m; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            kappa.fma(v.mul(v).mul(v), v).mul(BETA).intoArray(t, i);
        }
    }

    /** t[0, m) = β·fma(κ, x³, x) for x[xOff, xOff + m), float64. */
    private static void inner(double[] x, int xOff, double[] t, int m) {
        DoubleVector kappa = DoubleVector.broadcast(D, KAPPA_D);
        for (int i = 0; i < m; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            kappa.fma(v.mul(v).mul(v), v).mul(BETA_D).intoArray(t, i);
        }
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            inner(x, xOff + b, t, m);
            TanhF.tanh(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + b + i);
                FloatVector out = v.mul(0.5f).mul(FloatVector.fromArray(F, t, i).add(1f));
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
            inner(x, xOff + b, t, m);
            TanhD.tanh(t, 0, t, 0, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector v = DoubleVector.fromArray(D, x, xOff + b + i);
                DoubleVector out = v.mul(0.5d).mul(DoubleVector.fromArray(D, t, i).add(1d));
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
        FloatVector kappa3 = FloatVector.broadcast(F, 3f * KAPPA);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            inner(x, xOff + b, t, m);
            TanhF.tanh(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + b + i);
                FloatVector th = FloatVector.fromArray(F, t, i);
                FloatVector left = v.mul(0.5f);
                FloatVector leftDerivative = th.add(1f).mul(0.5f);
                FloatVector tanhDerivative = th.neg().fma(th, one);
                FloatVector innerDerivative = kappa3.fma(v.mul(v), one).mul(BETA);
                FloatVector g = FloatVector.fromArray(F, gy, gyOff + b + i);
                FloatVector out = g.mul(leftDerivative.add(left.mul(tanhDerivative).mul(innerDerivative)));
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
        DoubleVector kappa3 = DoubleVector.broadcast(D, 3d * KAPPA_D);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            inner(x, xOff + b, t, m);
            TanhD.tanh(t, 0, t, 0, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector v = DoubleVector.fromArray(D, x, xOff + b + i);
                DoubleVector th = DoubleVector.fromArray(D, t, i);
                DoubleVector left = v.mul(0.5d);
                DoubleVector leftDerivative = th.add(1d).mul(0.5d);
                DoubleVector tanhDerivative = th.neg().fma(th, one);
                DoubleVector innerDerivative = kappa3.fma(v.mul(v), one).mul(BETA_D);
                DoubleVector g = DoubleVector.fromArray(D, gy, gyOff + b + i);
                DoubleVector out = g.mul(leftDerivative.add(left.mul(tanhDerivative).mul(innerDerivative)));
                out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + b + i);
            }
        }
        return n;
    }
}
