package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.math.AtenMath;
import io.github.torchact.kernel.math.Libm;
import io.github.torchact.kernel.math.TorchVersion;

/**
 * libtorch's {@code elu(x, alpha, scale, input_scale)}, which also computes selu and celu:
 * {@code x > 0 ? x·scale : (exp(x·input_scale) - 1)·(alpha·scale)} (exp minus one, not expm1: libtorch
 * 2.7.1 gives elu(-3e-8) = 0 in float32). The coefficients are rounded to
 * the dtype first and {@code alpha·scale} is multiplied in the dtype, as ATen's {@code
 * Scalar::to<scalar_t>()} does. The gradient is {@code elu_backward(gy, alpha, scale, input_scale,
 * is_result=false, x)}: {@code x > 0 ? gy·scale : gy·input_scale·(alpha·scale)·exp(x·input_scale)}.
 *
 * <p>PyTorch 2.8 and later ({@link TorchVersion#V2_13}) compute the forward as {@code x >= 0 ?
 * x·scale : expm1(x·input_scale)·(alpha·scale)} ({@code get_vectorized_elu_elementwise_func},
 * aten/src/ATen/native/cpu/Elu.h; expm1 is Sleef's, {@link AtenMath#expm1}): tiny negative x give
 * ≈x·alpha·scale instead of 0, and -0 gives -0. The gradient is unchanged.
 *
 * <p>Source: PyTorch 2.7 {@code aten/src/ATen/native/cpu/Activation.cpp} ({@code elu_kernel},
 * {@code elu_backward_kernel}, vector branches), {@code aten/src/ATen/native/Activation.cpp} (selu,
 * celu).
 */
public final class Elu extends ElementwiseKernel {

    /** SELU's α and λ from Klambauer et al. (2017), as PyTorch's {@code SELU_ALPHA}, {@code SELU_SCALE}. */
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private final float negCoefF;
    private final float posCoefF;
    private final float inputScaleF;
    private final double negCoefD;
    private final double posCoefD;
    private final double inputScaleD;
    private final boolean expm1;

    /** {@code elu(x, alpha, scale, input_scale)} as the current {@link TorchVersion} computes it. */
    public Elu(double alpha, double scale, double inputScale) {
        this(alpha, scale, inputScale, TorchVersion.current());
    }

    /** {@code elu(x, alpha, scale, input_scale)} as {@code version} computes it. */
    public Elu(double alpha, double scale, double inputScale, TorchVersion version) {
        this.expm1 = version == TorchVersion.V2_13;
        this.negCoefF = (float) alpha * (float) scale;
        this.posCoefF = (float) scale;
        this.inputScaleF = (float) inputScale;
        this.negCoefD = alpha * scale;
        this.posCoefD = scale;
        this.inputScaleD = inputScale;
    }

    /** torch.nn.ELU(alpha). */
    public static Elu elu(double alpha) {
        return new Elu(alpha, 1, 1);
    }

    /** torch.nn.SELU: {@code elu(x, SELU_ALPHA, SELU_SCALE)}. */
    public static Elu selu() {
        return new Elu(SELU_ALPHA, SELU_SCALE, 1);
    }

    /** torch.nn.CELU(alpha): {@code elu(x, alpha, 1, 1/alpha)}, 1/alpha divided in double. */
    public static Elu celu(double alpha) {
        if (alpha == 0) {
            throw new IllegalArgumentException("alpha: must be non-zero for CELU (ZeroDivisionError: alpha cannot be 0 for CELU)");
        }
        return new Elu(alpha, 1, 1.0 / alpha);
    }

    /** The float32 coefficients as the kernel uses them: {scale, alpha·scale, input_scale}, each rounded to float32. */
    public float[] float32Coefficients() {
        return new float[] {posCoefF, negCoefF, inputScaleF};
    }

    /** The float64 coefficients as the kernel uses them: {scale, alpha·scale, input_scale}. */
    public double[] float64Coefficients() {
        return new double[] {posCoefD, negCoefD, inputScaleD};
    }

    /** Whether the forward is PyTorch 2.13's {@code expm1} form. */
    public boolean usesExpm1() {
        return expm1;
    }

    @Override
    public float apply(float x) {
        if (expm1) {
            return x >= 0f ? x * posCoefF : AtenMath.expm1(x * inputScaleF) * negCoefF;
        }
        return x > 0f ? x * posCoefF : (AtenMath.exp(x * inputScaleF) - 1f) * negCoefF;
    }

    @Override
    public double apply(double x) {
        if (expm1) {
            return x >= 0d ? x * posCoefD : AtenMath.expm1(x * inputScaleD) * negCoefD;
        }
        return x > 0d ? x * posCoefD : (AtenMath.exp(x * inputScaleD) - 1d) * negCoefD;
    }

    @Override
    public float grad(float x, float gy) {
        return x > 0f ? gy * posCoefF : gy * inputScaleF * negCoefF * AtenMath.exp(x * inputScaleF);
    }

    @Override
    public double grad(double x, double gy) {
        return x > 0d ? gy * posCoefD : gy * inputScaleD * negCoefD * AtenMath.exp(x * inputScaleD);
    }

    /** As {@link #apply(float)}, with glibc's libm: libtorch's scalar loop for a run's tail. */
    @Override
    public float applyTail(float x) {
        return x > 0f ? x * posCoefF : (Libm.exp(x * inputScaleF) - 1f) * negCoefF;
    }

    /** As {@link #grad(float, float)} with glibc's libm and the scalar loop's test {@code x <= 0} (gy·scale for NaN): libtorch's scalar loop for a run's tail. */
    @Override
    public float gradTail(float x, float gy) {
        return x <= 0f ? gy * inputScaleF * negCoefF * Libm.exp(x * inputScaleF) : gy * posCoefF;
    }

        @Override
    public double gradTail(double x, double gy) {
        return x <= 0d ? gy * inputScaleD * negCoefD * Libm.exp(x * inputScaleD) : gy * posCoefD;
    }

    @Override
    public double applyTail(double x) {
        return x > 0d ? x * posCoefD : (Libm.exp(x * inputScaleD) - 1d) * negCoefD;
    }

    @Override
    public String vectorForm() {
        return vectorFormNamed("EluVector");
    }
}
