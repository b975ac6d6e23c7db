package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import io.github.torchact.engine.ActivationRouter;
import io.github.torchact.engine.FunnelOps;

/**
 * The fused Funnel activation nodes of {@link FunnelPattern}: {@code torch.maximum(x, torch.batch_norm(torch.conv2d(x,
 * w, b, 1, k / 2, 1, C), ...))} ({@code FunnelReLU}'s operators, {@link FunnelOps}), and the folded form {@code
 * torch.maximum(x, torch.conv2d(...))}. BatchNorm's epsilon and momentum are the node's float attributes as the
 * unfused BatchNormalization converter reads them (torch's momentum = 1 - ONNX momentum, computed in float32), so
 * the fused node gives the unfused graph's values bit for bit, eval and training, and its compiled form the same.
 */
final class FunnelConverters {

    private FunnelConverters() {}

    static void register(ConverterRegistry r) {
        r.register(OnnxNode.TORCHACT_DOMAIN, FunnelPattern.FUNNEL, 1, (n, c) -> funnel(n, true));
        r.register(OnnxNode.TORCHACT_DOMAIN, FunnelPattern.FOLDED, 1, (n, c) -> funnel(n, false));
    }

    private static GraphOp funnel(OnnxNode n, boolean withBn) {
        int channels = (int) n.getInt("channels", 0);
        long k = n.getInt("kernel_size", 0);
        long p = k / 2;
        float eps = n.getFloat("epsilon", 1e-5f);
        float torchMomentum = 1f - n.getFloat("momentum", 0.9f);
        String conv = "torch.conv2d(a0, a1, a2, [1, 1], " + ScriptForm.ints(p, p) + ", [1, 1], " + channels + ")";
        String label = "FunnelReLU(" + channels + ", kernel_size=" + k + ")" + (withBn ? "" : ", BatchNorm folded");
        if (!withBn) {
            GraphOp op = in -> new NDArray[] {in[0].maximum(in[0].getNDArrayInternal()
                    .convolution(in[0], in[1], in[2], new Shape(1, 1), new Shape(p, p), new Shape(1, 1), channels)
                    .singletonOrThrow())};
            return GraphOp.scripted(op, ScriptForm.of(3, "return torch.maximum(a0, " + conv + ")"), label);
        }
        String bn = "torch.batch_norm(" + conv + ", a3, a4, a5, a6, %s, " + ScriptForm.f(torchMomentum) + ", "
                + ScriptForm.f(eps) + ", True)";
        ScriptForm form = ScriptForm.of(7, "return torch.maximum(a0, " + String.format(bn, "False") + ")")
                .withTrain("return torch.maximum(a0, " + String.format(bn, "True") + ")");
        GraphOp op = new GraphOp() {
            @Override
            public NDArray[] apply(NDArray[] in) {
                return apply(in, false);
            }

            @Override
            public NDArray[] apply(NDArray[] in, boolean training) {
                if (!ActivationRouter.isPyTorch(in[0])) {
                    throw new UnsupportedOperationException(n.name() + ": " + label + " runs on DJL's PyTorch engine");
                }
                return new NDArray[] {FunnelOps.forward(in[0], in[1], in[2], in[3], in[4], in[5], in[6], training,
                        torchMomentum, eps)};
            }
        };
        return GraphOp.scripted(op, form, label);
    }
}
