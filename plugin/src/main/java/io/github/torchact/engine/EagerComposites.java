package io.github.torchact.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * The activations PyTorch defines as a composite of several operators (softsign, tanhshrink, softmin,
 * Flexible ReLU), built from the same libtorch operators through DJL's eager NDArray calls.
 *
 * <p>Why not one TorchScript module like the others: after two calls, TorchScript's profiling
 * executor (on by default in DJL) groups a multi-operator graph into a DifferentiableGraph whose
 * gradient comes from TorchScript's symbolic derivatives, not eager autograd, and differs from
 * PyTorch's in the last bits (softsign and tanhshrink gradients, measured). Eager calls record each
 * operator with eager autograd, whatever the graph-optimiser setting.
 */
final class EagerComposites {

    private EagerComposites() {}

    /** The composite's result, or {@code null} when {@code p} is not a composite. */
    static NDArray forward(Params p, NDArray x, NDArray weight) {
        if (p.spec() == Catalog.SOFTSIGN) {
            // torch.nn.functional.softsign: input / (input.abs() + 1)
            return x.div(x.abs().add(1));
        }
        if (p.spec() == Catalog.TANHSHRINK) {
            // torch.nn.functional.tanhshrink: input - input.tanh()
            return x.sub(x.tanh());
        }
        if (p.spec() == Catalog.SOFTMIN) {
            // torch.nn.functional.softmin: softmax(-input, dim)
            return x.neg().softmax(p.getInt("dim"));
        }
        if (p.spec() == Catalog.FLEXIBLE_RELU) {
            // relu(x) + bias viewed as [C, 1, ..., 1] against axis 1
            long[] view = new long[Math.max(x.getShape().dimension() - 1, 1)];
            java.util.Arrays.fill(view, 1);
            view[0] = -1;
            return Activation.relu(x).add(weight.reshape(new Shape(view)));
        }
        return null;
    }
}
