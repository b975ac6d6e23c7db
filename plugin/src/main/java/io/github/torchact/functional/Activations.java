package io.github.torchact.functional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import io.github.torchact.engine.ActivationRouter;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * The functional NDArray API: {@link #apply(Params, NDArray)} computes any activation by its spec
 * (every catalog entry, and a spec built outside the catalog), needing nothing else here; the named
 * methods are sugar for the catalog's activations, with PyTorch's argument names, order and
 * defaults ({@code torch.nn.functional}'s).
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

    /** DJL's name ({@code ai.djl.nn.Activation.softPlus}) for {@link #softplus(NDArray)}: PyTorch's softplus. */
    public static NDArray softPlus(NDArray x) {
        return softplus(x);
    }

    /** DJL's spelling of {@link #softplus(NDArray, double, double)}. */
    public static NDArray softPlus(NDArray x, double beta, double threshold) {
        return softplus(x, beta, threshold);
    }

    /** DJL's name ({@code ai.djl.nn.Activation.softSign}) for {@link #softsign(NDArray)}. */
    public static NDArray softSign(NDArray x) {
        return softsign(x);
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

    // NDList forms, as DJL's Activation has them: the one array in, a one-array NDList out

    /** {@link #apply(Params, NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList apply(Params p, NDList x) {
        return new NDList(apply(p, single(x, "apply")));
    }

    /** {@link #apply(Params, NDArray, NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList apply(Params p, NDList x, NDArray weight) {
        return new NDList(apply(p, single(x, "apply"), weight));
    }

    /** {@link #apply(Params, NDArray, NDArray, boolean)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList apply(Params p, NDList x, NDArray weight, boolean training) {
        return new NDList(apply(p, single(x, "apply"), weight, training));
    }

    /** {@link #relu(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList relu(NDList x) {
        return new NDList(relu(single(x, "relu")));
    }

    /** {@link #relu6(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList relu6(NDList x) {
        return new NDList(relu6(single(x, "relu6")));
    }

    /** {@link #leakyRelu(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList leakyRelu(NDList x) {
        return new NDList(leakyRelu(single(x, "leakyRelu")));
    }

    /** {@link #leakyRelu(NDArray, double)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList leakyRelu(NDList x, double negativeSlope) {
        return new NDList(leakyRelu(single(x, "leakyRelu"), negativeSlope));
    }

    /** {@link #prelu(NDArray, NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList prelu(NDList x, NDArray weight) {
        return new NDList(prelu(single(x, "prelu"), weight));
    }

    /** {@link #rrelu(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList rrelu(NDList x) {
        return new NDList(rrelu(single(x, "rrelu")));
    }

    /** {@link #rrelu(NDArray, double, double, boolean)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList rrelu(NDList x, double lower, double upper, boolean training) {
        return new NDList(rrelu(single(x, "rrelu"), lower, upper, training));
    }

    /** {@link #elu(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList elu(NDList x) {
        return new NDList(elu(single(x, "elu")));
    }

    /** {@link #elu(NDArray, double)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList elu(NDList x, double alpha) {
        return new NDList(elu(single(x, "elu"), alpha));
    }

    /** {@link #selu(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList selu(NDList x) {
        return new NDList(selu(single(x, "selu")));
    }

    /** {@link #celu(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList celu(NDList x) {
        return new NDList(celu(single(x, "celu")));
    }

    /** {@link #celu(NDArray, double)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList celu(NDList x, double alpha) {
        return new NDList(celu(single(x, "celu"), alpha));
    }

    /** {@link #gelu(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList gelu(NDList x) {
        return new NDList(gelu(single(x, "gelu")));
    }

    /** {@link #gelu(NDArray, String)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList gelu(NDList x, String approximate) {
        return new NDList(gelu(single(x, "gelu"), approximate));
    }

    /** {@link #silu(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList silu(NDList x) {
        return new NDList(silu(single(x, "silu")));
    }

    /** {@link #mish(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList mish(NDList x) {
        return new NDList(mish(single(x, "mish")));
    }

    /** {@link #softplus(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList softplus(NDList x) {
        return new NDList(softplus(single(x, "softplus")));
    }

    /** {@link #softplus(NDArray, double, double)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList softplus(NDList x, double beta, double threshold) {
        return new NDList(softplus(single(x, "softplus"), beta, threshold));
    }

    /** {@link #softsign(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList softsign(NDList x) {
        return new NDList(softsign(single(x, "softsign")));
    }

    /** {@link #softPlus(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList softPlus(NDList x) {
        return new NDList(softPlus(single(x, "softPlus")));
    }

    /** {@link #softPlus(NDArray, double, double)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList softPlus(NDList x, double beta, double threshold) {
        return new NDList(softPlus(single(x, "softPlus"), beta, threshold));
    }

    /** {@link #softSign(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList softSign(NDList x) {
        return new NDList(softSign(single(x, "softSign")));
    }

    /** {@link #sigmoid(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList sigmoid(NDList x) {
        return new NDList(sigmoid(single(x, "sigmoid")));
    }

    /** {@link #logSigmoid(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList logSigmoid(NDList x) {
        return new NDList(logSigmoid(single(x, "logSigmoid")));
    }

    /** {@link #tanh(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList tanh(NDList x) {
        return new NDList(tanh(single(x, "tanh")));
    }

    /** {@link #tanhshrink(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList tanhshrink(NDList x) {
        return new NDList(tanhshrink(single(x, "tanhshrink")));
    }

    /** {@link #hardtanh(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList hardtanh(NDList x) {
        return new NDList(hardtanh(single(x, "hardtanh")));
    }

    /** {@link #hardtanh(NDArray, double, double)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList hardtanh(NDList x, double minVal, double maxVal) {
        return new NDList(hardtanh(single(x, "hardtanh"), minVal, maxVal));
    }

    /** {@link #hardsigmoid(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList hardsigmoid(NDList x) {
        return new NDList(hardsigmoid(single(x, "hardsigmoid")));
    }

    /** {@link #hardswish(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList hardswish(NDList x) {
        return new NDList(hardswish(single(x, "hardswish")));
    }

    /** {@link #hardshrink(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList hardshrink(NDList x) {
        return new NDList(hardshrink(single(x, "hardshrink")));
    }

    /** {@link #hardshrink(NDArray, double)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList hardshrink(NDList x, double lambd) {
        return new NDList(hardshrink(single(x, "hardshrink"), lambd));
    }

    /** {@link #softshrink(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList softshrink(NDList x) {
        return new NDList(softshrink(single(x, "softshrink")));
    }

    /** {@link #softshrink(NDArray, double)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList softshrink(NDList x, double lambd) {
        return new NDList(softshrink(single(x, "softshrink"), lambd));
    }

    /** {@link #threshold(NDArray, double, double)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList threshold(NDList x, double threshold, double value) {
        return new NDList(threshold(single(x, "threshold"), threshold, value));
    }

    /** {@link #heaviside(NDArray, double)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList heaviside(NDList x, double values) {
        return new NDList(heaviside(single(x, "heaviside"), values));
    }

    /** {@link #identity(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList identity(NDList x) {
        return new NDList(identity(single(x, "identity")));
    }

    /** {@link #glu(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList glu(NDList x) {
        return new NDList(glu(single(x, "glu")));
    }

    /** {@link #glu(NDArray, int)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList glu(NDList x, int dim) {
        return new NDList(glu(single(x, "glu"), dim));
    }

    /** {@link #softmax(NDArray, int)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList softmax(NDList x, int dim) {
        return new NDList(softmax(single(x, "softmax"), dim));
    }

    /** {@link #logSoftmax(NDArray, int)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList logSoftmax(NDList x, int dim) {
        return new NDList(logSoftmax(single(x, "logSoftmax"), dim));
    }

    /** {@link #softmin(NDArray, int)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList softmin(NDList x, int dim) {
        return new NDList(softmin(single(x, "softmin"), dim));
    }

    /** {@link #softmax2d(NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList softmax2d(NDList x) {
        return new NDList(softmax2d(single(x, "softmax2d")));
    }

    /** {@link #flexibleRelu(NDArray, NDArray)} of the one array in {@code x}, as an {@code NDList} (DJL's block style). */
    public static NDList flexibleRelu(NDList x, NDArray bias) {
        return new NDList(flexibleRelu(single(x, "flexibleRelu"), bias));
    }

    /** The one array of {@code x}; a null list, or one not holding exactly one array, is refused naming {@code fn}. */
    private static NDArray single(NDList x, String fn) {
        if (x == null) {
            throw new IllegalArgumentException(fn + ": input must not be null");
        }
        if (x.size() != 1) {
            throw new IllegalArgumentException(fn + ": expected an NDList holding one array, got " + x.size());
        }
        return x.get(0);
    }
}
