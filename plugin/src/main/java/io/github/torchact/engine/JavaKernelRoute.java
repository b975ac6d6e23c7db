package io.github.torchact.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * The route for engines other than PyTorch: copy to a Java array, run the Java kernel, copy back.
 * Values meet the spec's bound against libtorch; the result has <b>no gradient</b> (DJL offers no
 * custom-gradient hook), so use the PyTorch engine to train through these activations.
 */
final class JavaKernelRoute {

    private JavaKernelRoute() {}

    static NDArray forward(Params p, NDArray x, NDArray weight, boolean training) {
        if (training && p.spec() == Catalog.RRELU) {
            throw new UnsupportedOperationException("rrelu: training mode (random slopes) needs the PyTorch"
                    + " engine; the Java kernel computes the eval form only");
        }
        long[] shape = x.getShape().getShape();
        Kernel k = p.spec().kernel(p);
        long[] out = p.spec().outputShape(p, shape);
        NDManager m = x.getManager();
        if (x.getDataType() == DataType.FLOAT32) {
            float[][] w = weight == null ? new float[0][] : new float[][] {weight.toFloatArray()};
            float[] y = new float[Kernel.numel(out)];
            k.forward(x.toFloatArray(), shape, w, y);
            return m.create(y, new Shape(out)).toDevice(x.getDevice(), false);
        }
        double[][] w = weight == null ? new double[0][] : new double[][] {weight.toDoubleArray()};
        double[] y = new double[Kernel.numel(out)];
        k.forward(x.toDoubleArray(), shape, w, y);
        return m.create(y, new Shape(out)).toDevice(x.getDevice(), false);
    }
}
