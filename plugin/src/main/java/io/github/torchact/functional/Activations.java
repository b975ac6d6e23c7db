package io.github.torchact.functional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.spec.Params;

/**
 * The functional NDArray API: {@code Activations.apply(params, x)} computes any catalog activation.
 *
 * <p>SKELETON: computes through the Java kernel on host arrays (no autograd) on every engine. The
 * PyTorch-engine route (libtorch's own op, with gradients) replaces this.
 */
public final class Activations {

    private Activations() {}

    /** The activation {@code p} of {@code x} (an activation without learnable weight). */
    public static NDArray apply(Params p, NDArray x) {
        return apply(p, x, null);
    }

    /** The activation {@code p} of {@code x}, with its learnable weight (PReLU, Flexible ReLU). */
    public static NDArray apply(Params p, NDArray x, NDArray weight) {
        long[] shape = x.getShape().getShape();
        p.spec().checkShape(p, shape, weight == null ? 0 : weight.size());
        Kernel k = p.spec().kernel(p);
        long[] out = k.outputShape(shape);
        NDManager m = x.getManager();
        if (x.getDataType() == DataType.FLOAT32) {
            float[][] w = weight == null ? new float[0][] : new float[][] {weight.toType(DataType.FLOAT32, false).toFloatArray()};
            float[] y = new float[Kernel.numel(out)];
            k.forward(x.toFloatArray(), shape, w, y);
            return m.create(y, new Shape(out));
        }
        if (x.getDataType() == DataType.FLOAT64) {
            double[][] w = weight == null ? new double[0][] : new double[][] {weight.toType(DataType.FLOAT64, false).toDoubleArray()};
            double[] y = new double[Kernel.numel(out)];
            k.forward(x.toDoubleArray(), shape, w, y);
            return m.create(y, new Shape(out));
        }
        throw new IllegalArgumentException(p.spec().name() + ": input dtype must be float32 or float64, got " + x.getDataType());
    }
}
