package io.github.torchact.engine;

import ai.djl.ndarray.NDArray;

import io.github.torchact.spec.Params;

/**
 * An activation as DJL eager NDArray calls that run exactly the libtorch operators of the spec's
 * {@code torch(...)} expression, with the same argument values, on DJL's PyTorch engine.
 *
 * <p>Two reasons to have one. Speed: a DJL call such as {@code Activation.sigmoid} is one JNI call
 * into the operator, while a TorchScript module call costs a few microseconds more (measured about
 * 2× the bare operator at 4K elements). Gradients: an expression of several operators inside a
 * TorchScript module is grouped by the profiling executor (on by default in DJL) into a
 * DifferentiableGraph after two calls, whose symbolic derivatives differ from eager autograd's in
 * the last bits (softsign and tanhshrink, measured); eager calls keep eager autograd.
 *
 * <p>A composite closes its intermediates (the result is attached to the input's manager, and so
 * would they be, living as long as that manager).
 *
 * <p>Returns {@code null} where the parameter values cannot be passed through DJL unchanged (DJL
 * takes some as {@code float}), so the caller falls back to the TorchScript module.
 */
@FunctionalInterface
public interface EagerOp {

    /**
     * @param weight the learnable tensor, or {@code null}
     * @return the result, or {@code null} when DJL cannot express these parameters exactly
     */
    NDArray apply(Params p, NDArray x, NDArray weight);

    /**
     * Whether {@code v} reaches libtorch unchanged when DJL passes it as a float: always for float32
     * input (libtorch rounds the scalar to float first), and for float64 when {@code v} is a float.
     */
    static boolean floatArgumentExact(double v, NDArray x) {
        return x.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32 || (double) (float) v == v;
    }
}
