package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.LogSigmoid;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link LogSigmoid}, float32 and float64, forward and backward, with {@code b =
 * exp(−|x|)}. Forward: {@code min(x, 0) − log1p(b)}, in three passes over a {@link Blocks} block
 * (argument and {@link ExpF#exp(FloatVector)} fused, {@link Log1pF} over the block, combine; log1p
 * stays a block stage for the reason given in {@link SoftplusVector}); {@code min(x, 0)} is x where x
 * is negative or NaN, else 0, as the scalar kernel. Backward, one fused pass: {@code (m − s·(b / (1 +
 * b)))·gy} with (m, s) = (1, 1) where x &lt; 0, else (0, −1). Float64 the same on {@link ExpD} and
 * {@link Log1pD}.
 */
final class LogSigmoidVector implements CanonicalStores {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** The form of {@code kernel}, which has no parameters. */
    LogSigmoidVector(LogSigmoid kernel) {}

    @Override
    public int cost() {
        return 8;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        FloatVector zero = FloatVector.zero(F);
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += F.length()) {
                ExpF.exp(FloatVector.fromArray(F, x, xOff + b + i).abs().neg()).intoArray(t, i);
            }
            Log1pF.log1p(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector xv = FloatVector.fromArray(F, x, xOff + b + i);
                FloatVector min = zero.blend(xv, xv.compare(VectorOperators.GE, 0f).not());
                FloatVector out = min.sub(FloatVector.fromArray(F, t, i));
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
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += D.length()) {
                ExpD.exp(DoubleVector.fromArray(D, x, xOff + b + i).abs().neg()).intoArray(t, i);
            }
            Log1pD.log1p(t, 0, t, 0, m);
            for (int i = 0; i < m; i += D.length()) {
                DoubleVector xv = DoubleVector.fromArray(D, x, xOff + b + i);
                DoubleVector min = zero.blend(xv, xv.compare(VectorOperators.GE, 0.0).not());
                DoubleVector out = min.sub(DoubleVector.fromArray(D, t, i));
                out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector negOne = FloatVector.broadcast(F, -1f);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector xv = FloatVector.fromArray(F, x, xOff + i);
            VectorMask<Float> negative = xv.compare(VectorOperators.LT, 0f);
            FloatVector mv = zero.blend(one, negative);
            FloatVector sv = negOne.blend(one, negative);
            FloatVector bv = ExpF.exp(xv.abs().neg());
            FloatVector q = bv.div(one.add(bv));
            FloatVector out = mv.sub(sv.mul(q)).mul(FloatVector.fromArray(F, gy, gyOff + i));
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int n = D.loopBound(len);
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector negOne = DoubleVector.broadcast(D, -1.0);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector xv = DoubleVector.fromArray(D, x, xOff + i);
            VectorMask<Double> negative = xv.compare(VectorOperators.LT, 0.0);
            DoubleVector mv = zero.blend(one, negative);
            DoubleVector sv = negOne.blend(one, negative);
            DoubleVector bv = ExpD.exp(xv.abs().neg());
            DoubleVector q = bv.div(one.add(bv));
            DoubleVector out = mv.sub(sv.mul(q)).mul(DoubleVector.fromArray(D, gy, gyOff + i));
            out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }
}
