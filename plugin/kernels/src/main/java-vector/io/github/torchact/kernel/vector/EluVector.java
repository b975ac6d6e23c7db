package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.impl.Elu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link Elu} (elu, selu, celu): {@code x > 0 ? x · scale : (exp(x · input_scale) − 1)
 * · (alpha · scale)}, gradient {@code x > 0 ? gy · scale : ((gy · input_scale) · (alpha · scale)) ·
 * exp(x · input_scale)}, with the kernel's own coefficients in each dtype. One fused pass per vector:
 * argument {@code x · input_scale}, {@link ExpF#exp(FloatVector)}, then both branches and a blend on
 * {@code x > 0} (NaN takes the exp branch, as the scalar ternary does). Float64 likewise on {@link
 * ExpD} with the float64 coefficients. PyTorch 2.13's forward ({@code x >= 0 ? x · scale : expm1(x ·
 * input_scale) · (alpha · scale)}) stays staged over {@link Blocks} on {@link Expm1F} in float32 (no
 * lane-wise expm1: its double-float chain is too big to inline); its float64 forward is left to the
 * scalar loop (no vector expm1 for double yet).
 */
final class EluVector implements CanonicalStores {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private final float posCoef;
    private final float negCoef;
    private final float inputScale;
    private final double posCoefD;
    private final double negCoefD;
    private final double inputScaleD;
    private final boolean expm1;

    EluVector(Elu kernel) {
        float[] f32 = kernel.float32Coefficients();
        double[] f64 = kernel.float64Coefficients();
        this.expm1 = kernel.usesExpm1();
        this.posCoef = f32[0];
        this.negCoef = f32[1];
        this.inputScale = f32[2];
        this.posCoefD = f64[0];
        this.negCoefD = f64[1];
        this.inputScaleD = f64[2];
    }

    @Override
    public int cost() {
        return 4;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        if (expm1) {
            return forwardExpm1(x, xOff, y, yOff, len);
        }
        int n = F.loopBound(len);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector neg = ExpF.exp(v.mul(inputScale)).sub(1f).mul(negCoef);
            FloatVector out = neg.blend(v.mul(posCoef), v.compare(VectorOperators.GT, 0f));
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return n;
    }

    /** PyTorch 2.13's float32 forward, staged: argument, {@link Expm1F} over the block, blend. */
    private int forwardExpm1(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector.fromArray(F, x, xOff + b + i).mul(inputScale).intoArray(t, i);
            }
            Expm1F.expm1(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + b + i);
                FloatVector neg = FloatVector.fromArray(F, t, i).mul(negCoef);
                FloatVector out = neg.blend(v.mul(posCoef), v.compare(VectorOperators.GE, 0f));
                out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        if (expm1) {
            return 0;
        }
        int n = D.loopBound(len);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            DoubleVector neg = ExpD.exp(v.mul(inputScaleD)).sub(1d).mul(negCoefD);
            DoubleVector out = neg.blend(v.mul(posCoefD), v.compare(VectorOperators.GT, 0d));
            out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return n;
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector g = FloatVector.fromArray(F, gy, gyOff + i);
            FloatVector neg = g.mul(inputScale).mul(negCoef).mul(ExpF.exp(v.mul(inputScale)));
            FloatVector out = neg.blend(g.mul(posCoef), v.compare(VectorOperators.GT, 0f));
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        int n = D.loopBound(len);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xOff + i);
            DoubleVector g = DoubleVector.fromArray(D, gy, gyOff + i);
            DoubleVector neg = g.mul(inputScaleD).mul(negCoefD).mul(ExpD.exp(v.mul(inputScaleD)));
            DoubleVector out = neg.blend(g.mul(posCoefD), v.compare(VectorOperators.GT, 0d));
            out.blend(Double.NaN, out.compare(VectorOperators.NE, out)).intoArray(gx, gxOff + i);
        }
        return n;
    }
}
