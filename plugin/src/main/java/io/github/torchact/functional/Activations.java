package io.github.torchact.functional;

import ai.djl.ndarray.NDArray;

import io.github.torchact.engine.ActivationRouter;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * The functional NDArray API: every catalog activation as a static method with PyTorch's argument
 * names, order and defaults ({@code torch.nn.functional}'s), plus {@link #apply(Params, NDArray)}
 * for any activation by its spec.
 *
 * <p>Routing is the blocks' ({@link ActivationRouter}): on DJL's PyTorch engine each call is
 * libtorch's own operator, so values and autograd gradients (inside a {@code GradientCollector})
 * are PyTorch's; on other engines the Java kernel computes the values and the result has no
 * gradient. Invalid arguments (dtype other than float32/float64, {@code dim} out of range, a weight
 * that does not match the channels) raise {@link IllegalArgumentException} before any computation.
 */
public final class Activations {

    private Activations() {}

    /** The activation {@code p} of {@code x} (an activation without learnable weight), evaluation mode. */
    public static NDArray apply(Params p, NDArray x) {
        return apply(p, x, null);
    }

    /** The activation {@code p} of {@code x}, with its learnable weight (PReLU, Flexible ReLU), evaluation mode. */
    public static NDArray apply(Params p, NDArray x, NDArray weight) {
        return apply(p, x, weight, false);
    }

    /** As {@link #apply(Params, NDArray, NDArray)}; {@code training} makes RReLU sample its slopes. */
    public static NDArray apply(Params p, NDArray x, NDArray weight, boolean training) {
        return ActivationRouter.forward(p, x, weight, training);
    }

    /** {@code max(0, x)}. */
    public static NDArray relu(NDArray x) {
        return apply(Catalog.RELU.defaults(), x);
    }

    /** {@code min(max(0, x), 6)}. */
    public static NDArray relu6(NDArray x) {
        return apply(Catalog.RELU6.defaults(), x);
    }

    /** Leaky ReLU with {@code negative_slope} 0.01. */
    public static NDArray leakyRelu(NDArray x) {
        return apply(Catalog.LEAKY_RELU.defaults(), x);
    }

    /** {@code x if x > 0 else negativeSlope * x}. */
    public static NDArray leakyRelu(NDArray x, double negativeSlope) {
        return apply(Catalog.LEAKY_RELU.params(negativeSlope), x);
    }

    /** {@code x if x > 0 else weight * x}; weight has 1 value or one per channel (axis 1). */
    public static NDArray prelu(NDArray x, NDArray weight) {
        return apply(Catalog.PRELU.defaults(), x, weight);
    }

    /** RReLU in evaluation: leaky ReLU with slope (1/8 + 1/3) / 2. */
    public static NDArray rrelu(NDArray x) {
        return apply(Catalog.RRELU.defaults(), x);
    }

    /** RReLU; in training (PyTorch engine only) each negative element gets a slope from U(lower, upper). */
    public static NDArray rrelu(NDArray x, double lower, double upper, boolean training) {
        return apply(Catalog.RRELU.params(lower, upper), x, null, training);
    }

    /** ELU with alpha 1. */
    public static NDArray elu(NDArray x) {
        return apply(Catalog.ELU.defaults(), x);
    }

    /** {@code x if x > 0 else alpha * (exp(x) - 1)}. */
    public static NDArray elu(NDArray x, double alpha) {
        return apply(Catalog.ELU.params(alpha), x);
    }

    /** SELU. */
    public static NDArray selu(NDArray x) {
        return apply(Catalog.SELU.defaults(), x);
    }

    /** CELU with alpha 1. */
    public static NDArray celu(NDArray x) {
        return apply(Catalog.CELU.defaults(), x);
    }

    /** {@code max(0, x) + min(0, alpha * (exp(x / alpha) - 1))}; alpha must not be 0. */
    public static NDArray celu(NDArray x, double alpha) {
        return apply(Catalog.CELU.params(alpha), x);
    }

    /** Exact GELU. */
    public static NDArray gelu(NDArray x) {
        return apply(Catalog.GELU.defaults(), x);
    }

    /** GELU; {@code approximate} is {@code "none"} or {@code "tanh"}. */
    public static NDArray gelu(NDArray x, String approximate) {
        if ("none".equals(approximate)) {
            return apply(Catalog.GELU.defaults(), x);
        }
        if ("tanh".equals(approximate)) {
            return apply(Catalog.GELU_TANH.defaults(), x);
        }
        throw new IllegalArgumentException("gelu: approximate argument must be either none or tanh, got " + approximate);
    }

    /** {@code x * sigmoid(x)}. */
    public static NDArray silu(NDArray x) {
        return apply(Catalog.SILU.defaults(), x);
    }

    /** {@code x * tanh(softplus(x))} (not DJL's base-2 Mish). */
    public static NDArray mish(NDArray x) {
        return apply(Catalog.MISH.defaults(), x);
    }

    /** Softplus with beta 1, threshold 20. */
    public static NDArray softplus(NDArray x) {
        return apply(Catalog.SOFTPLUS.defaults(), x);
    }

    /** {@code x if beta * x > threshold else log(1 + exp(beta * x)) / beta}. */
    public static NDArray softplus(NDArray x, double beta, double threshold) {
        return apply(Catalog.SOFTPLUS.params(beta, threshold), x);
    }

    /** {@code x / (1 + |x|)}. */
    public static NDArray softsign(NDArray x) {
        return apply(Catalog.SOFTSIGN.defaults(), x);
    }

    /** {@code 1 / (1 + exp(-x))}. */
    public static NDArray sigmoid(NDArray x) {
        return apply(Catalog.SIGMOID.defaults(), x);
    }

    /** {@code log(sigmoid(x))}, computed stably. */
    public static NDArray logSigmoid(NDArray x) {
        return apply(Catalog.LOGSIGMOID.defaults(), x);
    }

    /** Hyperbolic tangent. */
    public static NDArray tanh(NDArray x) {
        return apply(Catalog.TANH.defaults(), x);
    }

    /** {@code x - tanh(x)}. */
    public static NDArray tanhshrink(NDArray x) {
        return apply(Catalog.TANHSHRINK.defaults(), x);
    }

    /** x clamped to [-1, 1]. */
    public static NDArray hardtanh(NDArray x) {
        return apply(Catalog.HARDTANH.defaults(), x);
    }

    /** x clamped to [minVal, maxVal]; minVal must not exceed maxVal. */
    public static NDArray hardtanh(NDArray x, double minVal, double maxVal) {
        return apply(Catalog.HARDTANH.params(minVal, maxVal), x);
    }

    /** {@code 0 if x <= -3, 1 if x >= 3, x / 6 + 1 / 2 otherwise}. */
    public static NDArray hardsigmoid(NDArray x) {
        return apply(Catalog.HARDSIGMOID.defaults(), x);
    }

    /** {@code 0 if x <= -3, x if x >= 3, x * (x + 3) / 6 otherwise}. */
    public static NDArray hardswish(NDArray x) {
        return apply(Catalog.HARDSWISH.defaults(), x);
    }

    /** Hard shrinkage with lambd 0.5. */
    public static NDArray hardshrink(NDArray x) {
        return apply(Catalog.HARDSHRINK.defaults(), x);
    }

    /** {@code x if |x| > lambd else 0}; lambd must be >= 0. */
    public static NDArray hardshrink(NDArray x, double lambd) {
        return apply(Catalog.HARDSHRINK.params(lambd), x);
    }

    /** Soft shrinkage with lambd 0.5. */
    public static NDArray softshrink(NDArray x) {
        return apply(Catalog.SOFTSHRINK.defaults(), x);
    }

    /** {@code x - lambd if x > lambd, x + lambd if x < -lambd, 0 otherwise}; lambd must be >= 0. */
    public static NDArray softshrink(NDArray x, double lambd) {
        return apply(Catalog.SOFTSHRINK.params(lambd), x);
    }

    /** {@code x if x > threshold else value}. */
    public static NDArray threshold(NDArray x, double threshold, double value) {
        return apply(Catalog.THRESHOLD.params(threshold, value), x);
    }

    /** {@code 0 if x < 0, values if x == 0, 1 if x > 0}; no gradient in PyTorch. */
    public static NDArray heaviside(NDArray x, double values) {
        return apply(Catalog.HEAVISIDE.params(values), x);
    }

    /** {@code x} itself. */
    public static NDArray identity(NDArray x) {
        return apply(Catalog.IDENTITY.defaults(), x);
    }

    /** GLU along the last dimension. */
    public static NDArray glu(NDArray x) {
        return apply(Catalog.GLU.defaults(), x);
    }

    /** {@code a * sigmoid(b)} where a, b are the halves of x along dim. */
    public static NDArray glu(NDArray x, int dim) {
        return apply(Catalog.GLU.params(dim), x);
    }

    /** Softmax along dim. */
    public static NDArray softmax(NDArray x, int dim) {
        return apply(Catalog.SOFTMAX.params(dim), x);
    }

    /** Log-softmax along dim. */
    public static NDArray logSoftmax(NDArray x, int dim) {
        return apply(Catalog.LOG_SOFTMAX.params(dim), x);
    }

    /** Softmax of -x along dim. */
    public static NDArray softmin(NDArray x, int dim) {
        return apply(Catalog.SOFTMIN.params(dim), x);
    }

    /** Softmax over the channels (dim -3) of a (C, H, W) or (N, C, H, W) input. */
    public static NDArray softmax2d(NDArray x) {
        return apply(Catalog.SOFTMAX2D.defaults(), x);
    }

    /** {@code relu(x) + bias}; bias has 1 value or one per channel (axis 1). */
    public static NDArray flexibleRelu(NDArray x, NDArray bias) {
        return apply(Catalog.FLEXIBLE_RELU.defaults(), x, bias);
    }
}
