package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;

/**
 * squareplus(x) = (x + sqrt(x² + b)) / 2, as the composite {@code div(add(x, sqrt(add(mul(x, x), b))), 2)}
 * in the dtype, every step rounded. sqrt here is correctly rounded; libtorch's {@code torch.sqrt} runs Intel MKL's
 * (vmsSqrt/vmdSqrt, closed source, within 1 ulp), so the two differ by that ulp (the spec's bound covers it). Like the
 * composite it overflows: x² = inf for |x| &gt; ~1.8e19 in
 * float32, so very negative x give +inf and -inf gives NaN.
 *
 * <p>Gradient as torch's autograd composes it (tools/autograd/derivatives.yaml): div by 2 gives g = gy / 2;
 * add passes g to x and to the sqrt; sqrt gives g / (2 · s) (s its result); mul(x, x) gives that times x to
 * each of its two operands; x accumulates its three parts in the order the engine produces them:
 * gx = (g + m) + m, m = (g / (2 · s)) · x.
 *
 * <p>Barron, Squareplus: A Softplus-Like Algebraic Rectifier, 2021.
 */
public final class Squareplus extends ElementwiseKernel {

    private final double b;
    private final float bFloat;

    /** @param b the curvature at 0; libtorch adds it to a float32 tensor as a float */
    public Squareplus(double b) {
        this.b = b;
        this.bFloat = (float) b;
    }

    /** The curvature parameter b. */
    public double b() {
        return b;
    }

    @Override
    public float apply(float x) {
        return (x + (float) Math.sqrt(x * x + bFloat)) / 2f;
    }

    @Override
    public double apply(double x) {
        return (x + Math.sqrt(x * x + b)) / 2d;
    }

    @Override
    public float grad(float x, float gy) {
        float g = gy / 2f;
        float s = (float) Math.sqrt(x * x + bFloat);
        float m = (g / (2f * s)) * x;
        return (g + m) + m;
    }

    @Override
    public double grad(double x, double gy) {
        double g = gy / 2d;
        double s = Math.sqrt(x * x + b);
        double m = (g / (2d * s)) * x;
        return (g + m) + m;
    }
}
