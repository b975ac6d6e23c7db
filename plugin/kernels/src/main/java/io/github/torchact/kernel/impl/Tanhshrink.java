package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.math.AtenMath;

/**
 * tanhshrink(x) = x - tanh(x), as torch.nn.Tanhshrink's composite of libtorch ops, with torch.tanh's
 * tanh ({@link Tanh}: {@code AtenMath.tanhMkl} in float32). Its gradient is
 * what autograd accumulates over that composite: {@code gy} from the subtraction plus
 * {@code tanh_backward(-gy, y) = (-gy)·fma(-y, y, 1)} from the tanh path (the sum is commutative, so the
 * engine's accumulation order does not change the bits).
 *
 * <p>Source: PyTorch 2.7 {@code torch/nn/functional.py} ({@code tanhshrink}), {@code
 * tools/autograd/derivatives.yaml} (sub, tanh), {@code BinaryOpsKernel.cpp} ({@code tanh_backward_kernel}).
 */
public final class Tanhshrink extends ElementwiseKernel {

    @Override
    public float apply(float x) {
        return x - AtenMath.tanhMkl(x);
    }

    @Override
    public double apply(double x) {
        return x - AtenMath.tanh(x);
    }

    @Override
    public float grad(float x, float gy) {
        float y = AtenMath.tanhMkl(x);
        return gy + (-gy) * Math.fma(-y, y, 1f);
    }

    @Override
    public double grad(double x, double gy) {
        double y = AtenMath.tanh(x);
        return gy + (-gy) * Math.fma(-y, y, 1d);
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("TanhshrinkVector");
    }
}
