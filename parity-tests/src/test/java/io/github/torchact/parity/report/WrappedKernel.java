package io.github.torchact.parity.report;

import io.github.torchact.kernel.ElementwiseKernel;

/** A kernel that defers to a real one except where a test injects a bug. */
class WrappedKernel extends ElementwiseKernel {

    interface F32 {
        float apply(float x, float correct);
    }

    interface G32 {
        float grad(float x, float gy, float correct);
    }

    private final ElementwiseKernel real;
    private final F32 forward;
    private final G32 backward;

    WrappedKernel(ElementwiseKernel real, F32 forward, G32 backward) {
        this.real = real;
        this.forward = forward;
        this.backward = backward;
    }

    static WrappedKernel forward(ElementwiseKernel real, F32 f) {
        return new WrappedKernel(real, f, (x, gy, c) -> c);
    }

    static WrappedKernel backward(ElementwiseKernel real, G32 g) {
        return new WrappedKernel(real, (x, c) -> c, g);
    }

    @Override
    public float apply(float x) {
        return forward.apply(x, real.apply(x));
    }

    @Override
    public double apply(double x) {
        return real.apply(x);
    }

    @Override
    public float grad(float x, float gy) {
        return backward.grad(x, gy, real.grad(x, gy));
    }

    @Override
    public double grad(double x, double gy) {
        return real.grad(x, gy);
    }
}
