package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import io.github.torchact.engine.ActivationRouter;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;
import io.github.torchact.torchscript.TorchScriptSource;

/**
 * A node computed as one catalog activation (input 0 = x, optional input 1 = PReLU slope), through
 * the library's routing: libtorch's own operator and autograd on the PyTorch engine, the Java kernel
 * elsewhere.
 */
public final class CatalogOp implements GraphOp {

    private final Params params;

    CatalogOp(Params params) {
        this.params = params;
    }

    /** The catalog activation and its parameter values. */
    public Params params() {
        return params;
    }

    @Override
    public NDArray[] apply(NDArray[] in) {
        NDArray x = in[0];
        // other inputs (Clip's min/max) are constants already folded into the params
        NDArray slope = in.length > 1 && params.spec().weight() != null ? in[1] : null;
        if (slope != null && params.spec() == Catalog.PRELU) {
            NDArray channelSlope = asChannelVector(x, slope);
            if (channelSlope == null) {
                // ONNX PRelu broadcasts the slope numpy-style (e.g. along the last axis), which is
                // not torch's per-channel PReLU: compute ONNX's definition directly
                return new NDArray[] {Nd.where(x.gt(0), x, x.mul(slope))};
            }
            slope = channelSlope;
        }
        return new NDArray[] {ActivationRouter.forward(params, x, slope, false)};
    }

    /**
     * The spec's libtorch expression with the parameter values as literals (what the router runs on PyTorch: the
     * spec's eager DJL calls run the same operators), x = a0; PReLU's slope a1 goes through the same reshapes as
     * {@link #apply} (one value, or one per channel on axis 1), or ONNX's broadcast form where(x > 0, x, x·slope).
     */
    @Override
    public ScriptForm script() {
        if (params.spec() == Catalog.IDENTITY) {
            return ScriptForm.of(1, "return a0");
        }
        String expr = TorchScriptSource.expression(params);
        if (params.spec().weight() == null) {
            return ScriptForm.of(new int[] {0}, 1, "x = a0\nreturn " + expr);
        }
        String w = params.spec().weight().name();
        if (params.spec() != Catalog.PRELU) {
            return ScriptForm.of(2, "x = a0\n" + w + " = a1\nreturn " + expr);
        }
        return ScriptForm.of(2, String.join("\n",
                "x = a0",
                "s = a1",
                "n = s.numel()",
                "if n == 1:",
                "  " + w + " = torch.reshape(s, [1])",
                "  return " + expr,
                "nd = x.dim()",
                "channel = nd >= 2 and s.dim() == nd - 1 and s.size(0) == x.size(1)",
                "for i in range(1, s.dim()):",
                "  if s.size(i) != 1:",
                "    channel = False",
                "if channel:",
                "  " + w + " = torch.reshape(s, [n])",
                "  return " + expr,
                "b = torch.broadcast_tensors([torch.gt(x, 0), x, torch.mul(x, s)])",
                "return torch.where(b[0], b[1], b[2])"));
    }

    /** The slope as torch's 1-D PReLU weight (one value, or one per channel on axis 1), or null. */
    private static NDArray asChannelVector(NDArray x, NDArray slope) {
        long n = slope.size();
        if (n == 1) {
            return slope.reshape(1);
        }
        long[] s = slope.getShape().getShape();
        int ndim = x.getShape().dimension();
        // torch.onnx exports PReLU(C) as a [C, 1, ..., 1] slope against x's axis 1
        boolean channelShape = ndim >= 2 && s.length == ndim - 1 && s[0] == x.getShape().get(1);
        for (int i = 1; channelShape && i < s.length; i++) {
            channelShape = s[i] == 1;
        }
        return channelShape ? slope.reshape(new Shape(n)) : null;
    }

    @Override
    public String toString() {
        return params.toString();
    }
}
