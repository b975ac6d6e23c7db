package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import io.github.torchact.engine.ActivationRouter;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

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
