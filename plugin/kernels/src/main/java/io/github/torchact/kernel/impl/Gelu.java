package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.math.AtenMath;
import io.github.torchact.kernel.math.Libm;
import io.github.torchact.kernel.math.OneDnnGelu;
import io.github.torchact.kernel.math.TorchVersion;

/**
 * gelu(x) = x·0.5·(1 + erf(x/√2)).
 *
 * <p>float32: libtorch hands contiguous float32 tensors of more than one element to oneDNN ({@link
 * OneDnnGelu}, forward and gradient), so that is what this kernel computes; a one-element tensor
 * takes ATen's own kernel in libtorch and may differ in the last bits.
 *
 * <p>float64: ATen's kernel, {@code (x·0.5)·(1 + erf(x·α))}, α = 1/√2; gradient {@code gy·(cdf +
 * x·pdf)} with cdf = 0.5·(1 + erf(x·α)) and pdf = β·exp((x·x)·(-0.5)), β = 2/√π · 1/√2 · 0.5
 * multiplied in double. (GCC fuses the exact {@code 0.5·(1 + erf)} into the final add, so x·pdf is
 * rounded on its own: measured against libtorch.) PyTorch 2.13 ({@link TorchVersion#V2_13}) instead
 * fuses x·pdf into the add, {@code gy·fma(x, pdf, cdf)} (measured against torch 2.13.0: bitwise on
 * 8192 inputs where the 2.7 form differs in 622).
 *
 * <p>Source: PyTorch 2.7 {@code aten/src/ATen/native/Activation.cpp} ({@code gelu_out_cpu}, {@code
 * gelu_backward_out_cpu}: the oneDNN branch), {@code aten/src/ATen/native/cpu/Gelu.h} ({@code
 * vectorized_gelu}), {@code aten/src/ATen/native/cpu/Activation.cpp} ({@code GeluBackwardKernelImpl}).
 */
public final class Gelu extends ElementwiseKernel {

    private final boolean fusedGrad;

    /** gelu as the current {@link TorchVersion} computes it. */
    public Gelu() {
        this(TorchVersion.current());
    }

    /** gelu as {@code version} computes it. */
    public Gelu(TorchVersion version) {
        this.fusedGrad = version == TorchVersion.V2_13;
    }

    private static final double M_SQRT1_2 = 0.70710678118654752440;
    private static final double M_2_SQRTPI = 1.12837916709551257390;
    private static final double BETA = M_2_SQRTPI * M_SQRT1_2 * 0.5;

    /** Whether the float64 gradient is PyTorch 2.13's {@code gy·fma(x, pdf, cdf)}. */
    public boolean fusedGrad() {
        return fusedGrad;
    }

    @Override
    public float apply(float x) {
        return OneDnnGelu.forward(x);
    }

    @Override
    public double apply(double x) {
        return x * 0.5d * (1d + erf(x * M_SQRT1_2));
    }

    @Override
    public float grad(float x, float gy) {
        return OneDnnGelu.derivative(x) * gy;
    }

    @Override
    public double grad(double x, double gy) {
        double cdf = 0.5d * (1d + erf(x * M_SQRT1_2));
        double pdf = BETA * AtenMath.exp(x * x * -0.5d);
        return gy * (fusedGrad ? Math.fma(x, pdf, cdf) : cdf + x * pdf);
    }

    private static double erf(double x) {
        return AtenMath.erf(x);
    }

    /** ATen's float64 scalar loop (libtorch's run tail): the same formula on glibc's erf. */
    @Override
    public double applyTail(double x) {
        return x * 0.5d * (1d + Libm.erf(x * M_SQRT1_2));
    }

    /** ATen's float64 scalar loop (libtorch's run tail): the same formula on glibc's erf and exp. */
    @Override
    public double gradTail(double x, double gy) {
        double cdf = 0.5d * (1d + Libm.erf(x * M_SQRT1_2));
        double pdf = BETA * Libm.exp(x * x * -0.5d);
        return gy * (cdf + x * pdf);
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("GeluVector");
    }
}
