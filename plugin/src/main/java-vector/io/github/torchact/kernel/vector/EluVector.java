package io.github.torchact.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector form of {@link io.github.torchact.kernel.impl.Elu} (elu, selu, celu), float32: {@code x > 0 ?
 * x · scale : (exp(x · input_scale) − 1) · (alpha · scale)}, gradient {@code x > 0 ? gy · scale : ((gy
 * · input_scale) · (alpha · scale)) · exp(x · input_scale)}, with the kernel's own float32 coefficients.
 * Staged over {@link Blocks}: argument {@code x · input_scale}, {@link ExpF}, then both branches and a
 * blend on {@code x > 0} (NaN takes the exp branch, as the scalar ternary does). Float64 runs the
 * scalar loops.
 */
final class EluVector implements VectorLoops {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private final float posCoef;
    private final float negCoef;
    private final float inputScale;

    /** {@code coefficients}: the kernel's float32 {scale, alpha·scale, input_scale}. */
    EluVector(float[] coefficients) {
        this.posCoef = coefficients[0];
        this.negCoef = coefficients[1];
        this.inputScale = coefficients[2];
    }

    @Override
    public int cost() {
        return 4;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector.fromArray(F, x, xOff + b + i).mul(inputScale).intoArray(t, i);
            }
            ExpF.exp(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + b + i);
                FloatVector neg = FloatVector.fromArray(F, t, i).sub(1f).mul(negCoef);
                neg.blend(v.mul(posCoef), v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        return 0;
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        int n = F.loopBound(len);
        float[] t = Blocks.f32()[0];
        for (int b = 0; b < n; b += Blocks.SIZE) {
            int m = Math.min(Blocks.SIZE, n - b);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector.fromArray(F, x, xOff + b + i).mul(inputScale).intoArray(t, i);
            }
            ExpF.exp(t, 0, t, 0, m);
            for (int i = 0; i < m; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + b + i);
                FloatVector g = FloatVector.fromArray(F, gy, gyOff + b + i);
                FloatVector neg = g.mul(inputScale).mul(negCoef).mul(FloatVector.fromArray(F, t, i));
                neg.blend(g.mul(posCoef), v.compare(VectorOperators.GT, 0f)).intoArray(gx, gxOff + b + i);
            }
        }
        return n;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        return 0;
    }
}
