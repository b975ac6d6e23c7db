package io.github.torchact.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import java.util.Arrays;
import java.util.Map;

/**
 * The activations DJL can run as eager calls of exactly the libtorch operators of their spec's {@code
 * torch(...)} expression ({@link EagerOp}); every other activation, or parameter value DJL cannot pass
 * unchanged, runs as a TorchScript module. Only an optimisation of the PyTorch route: an activation
 * missing here still works.
 */
public final class EagerOps {

    private static final Map<ActivationSpec, EagerOp> OPS = Map.ofEntries(
            Map.entry(Catalog.RELU, (p, x, w) -> Activation.relu(x)),
            Map.entry(Catalog.LEAKY_RELU, (p, x, w) -> EagerOp.floatArgumentExact(p.get("negative_slope"), x)
                    ? Activation.leakyRelu(x, (float) p.get("negative_slope")) : null),
            Map.entry(Catalog.ELU, (p, x, w) -> EagerOp.floatArgumentExact(p.get("alpha"), x)
                    ? Activation.elu(x, (float) p.get("alpha")) : null),
            Map.entry(Catalog.SELU, (p, x, w) -> Activation.selu(x)),
            Map.entry(Catalog.GELU, (p, x, w) -> Activation.gelu(x)),
            Map.entry(Catalog.SOFTPLUS, (p, x, w) -> p.get("beta") == 1 && p.get("threshold") == 20
                    ? Activation.softPlus(x) : null),
            Map.entry(Catalog.SOFTSIGN, (p, x, w) -> {
                try (NDArray abs = x.abs(); NDArray denominator = abs.add(1)) {
                    return x.div(denominator);
                }
            }),
            Map.entry(Catalog.SIGMOID, (p, x, w) -> Activation.sigmoid(x)),
            Map.entry(Catalog.TANH, (p, x, w) -> Activation.tanh(x)),
            Map.entry(Catalog.TANHSHRINK, (p, x, w) -> {
                try (NDArray tanh = x.tanh()) {
                    return x.sub(tanh);
                }
            }),
            Map.entry(Catalog.SOFTMAX, (p, x, w) -> x.softmax(p.getInt("dim"))),
            Map.entry(Catalog.LOG_SOFTMAX, (p, x, w) -> x.logSoftmax(p.getInt("dim"))),
            Map.entry(Catalog.SOFTMIN, (p, x, w) -> {
                try (NDArray negated = x.neg()) {
                    return negated.softmax(p.getInt("dim"));
                }
            }),
            Map.entry(Catalog.SOFTMAX2D, (p, x, w) -> x.softmax(-3)),
            Map.entry(Catalog.FLEXIBLE_RELU, (p, x, w) -> {
                try (NDArray relu = Activation.relu(x); NDArray bias = channelView(w, x)) {
                    return relu.add(bias);
                }
            }));

    private EagerOps() {}

    /**
     * {@code p}'s activation of {@code x} as DJL eager calls, or {@code null} where DJL has none for it or
     * for these parameter values; only meaningful on the PyTorch engine.
     */
    public static NDArray apply(Params p, NDArray x, NDArray weight) {
        EagerOp op = OPS.get(p.spec());
        return op == null ? null : op.apply(p, x, weight);
    }

    /** {@code bias.reshape([-1] + [1] * max(x.dim() - 2, 0))}: one value per channel (axis 1) of {@code x}. */
    private static NDArray channelView(NDArray bias, NDArray x) {
        long[] view = new long[Math.max(x.getShape().dimension() - 1, 1)];
        Arrays.fill(view, 1);
        view[0] = -1;
        return bias.reshape(new Shape(view));
    }
}
