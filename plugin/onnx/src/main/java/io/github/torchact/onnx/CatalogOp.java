package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;

import io.github.torchact.spec.Params;

/** A node computed as one catalog activation (input 0 = x, optional input 1 = PReLU slope). */
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
        return new NDArray[] {TorchActivations.apply(params, in[0], in.length > 1 ? in[1] : null)};
    }

    @Override
    public String toString() {
        return params.toString();
    }
}
