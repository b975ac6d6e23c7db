package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.math.AtenMath;

/**
 * tanh(x) as torch.tanh: float32 runs Intel MKL's vector tanh in libtorch (closed source), here tanh
 * evaluated in float64 and rounded once ({@code AtenMath.tanhMkl}); float64 is Sleef's, as libtorch's
 * vectorised {@code Vectorized<double>::tanh}. Gradient from the output y, as
 * libtorch's {@code tanh_backward(gy, y)}: {@code gy·(1 - y·y)}, where libtorch's AVX2 build (GCC,
 * {@code -ffp-contract=fast}) evaluates {@code 1 - y·y} as one fused multiply-add.
 *
 * <p>Source: PyTorch 2.7 {@code aten/src/ATen/native/cpu/UnaryOpsKernel.cpp} (tanh),
 * {@code BinaryOpsKernel.cpp} ({@code tanh_backward_kernel}); {@code tools/autograd/derivatives.yaml}.
 */
public final class Tanh extends ElementwiseKernel {

    @Override
    public float apply(float x) {
        return AtenMath.tanhMkl(x);
    }

    @Override
    public double apply(double x) {
        return AtenMath.tanh(x);
    }

    @Override
    public float grad(float x, float gy) {
        float y = AtenMath.tanhMkl(x);
        return gy * Math.fma(-y, y, 1f);
    }

    @Override
    public double grad(double x, double gy) {
        double y = AtenMath.tanh(x);
        return gy * Math.fma(-y, y, 1d);
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("TanhVector");
    }
}
