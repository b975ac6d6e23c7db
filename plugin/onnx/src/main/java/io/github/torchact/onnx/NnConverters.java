package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * Layers: Gemm, MatMul, Conv, BatchNormalization (eval or train form, by the block's training flag), MaxPool, AveragePool, global pools.
 * Each maps onto the libtorch operator PyTorch's own module calls (linear, convolution, batch_norm,
 * max_pool, avg_pool), so an exported torch model is recomputed with the same kernels.
 */
final class NnConverters {

    private NnConverters() {}

    static void register(ConverterRegistry r) {
        r.register("", "Gemm", 7, NnConverters::gemm);
        r.register("", "MatMul", 1, (n, c) -> { n.allowOnly(); return in -> new NDArray[] {in[0].matMul(in[1])}; });
        r.register("", "Conv", 1, NnConverters::conv);
        r.register("", "BatchNormalization", 7, NnConverters::batchNorm);
        r.register("", "MaxPool", 8, (n, c) -> pool(n, true));
        r.register("", "AveragePool", 7, (n, c) -> pool(n, false));
        // torch adaptive_avg_pool to size 1, what torch.nn.AdaptiveAvgPool2d(1) runs
        r.register("", "GlobalAveragePool", 1, (n, c) -> { n.allowOnly(); return in -> new NDArray[] {in[0].getNDArrayInternal().globalAvgPool()}; });
        r.register("", "GlobalMaxPool", 1, (n, c) -> { n.allowOnly(); return in -> new NDArray[] {in[0].getNDArrayInternal().globalMaxPool()}; });
    }

    /** Y = alpha·A'·B' + beta·C; torch.nn.Linear's export (transB = 1, alpha = beta = 1) runs torch's linear. */
    private static GraphOp gemm(OnnxNode n, ConversionContext c) {
        n.allowOnly("alpha", "beta", "transA", "transB");
        float alpha = n.getFloat("alpha", 1f);
        float beta = n.getFloat("beta", 1f);
        boolean ta = n.getInt("transA", 0) != 0;
        boolean tb = n.getInt("transB", 0) != 0;
        boolean hasC = !n.input(2).isEmpty();
        return in -> {
            NDArray a = ta ? in[0].transpose() : in[0];
            if (tb && alpha == 1 && beta == 1 && hasC && in[2].getShape().dimension() == 1 && a.getShape().dimension() == 2) {
                return new NDArray[] {a.getNDArrayInternal().linear(a, in[1], in[2]).singletonOrThrow()};
            }
            NDArray b = tb ? in[1].transpose() : in[1];
            NDArray y = a.matMul(b);
            if (alpha != 1) {
                y = y.mul(alpha);
            }
            if (hasC) {
                y = y.add(beta == 1 ? in[2] : in[2].mul(beta));
            }
            return new NDArray[] {y};
        };
    }

    /** Symmetric pads [b1..bn, e1..en] as one per-axis padding; asymmetric padding is refused. */
    private static long[] symmetricPads(OnnxNode n, int spatialDims) {
        String autoPad = n.getString("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw OnnxImportException.atNode(n, "attribute 'auto_pad' = '" + autoPad + "' is not supported (NOTSET, VALID)");
        }
        long[] pads = n.getInts("pads", new long[2 * spatialDims]);
        if (autoPad.equals("VALID")) {
            pads = new long[2 * spatialDims];
        }
        if (pads.length != 2 * spatialDims) {
            throw OnnxImportException.atNode(n, "attribute 'pads' " + Arrays.toString(pads) + " needs " + 2 * spatialDims + " values");
        }
        long[] p = new long[spatialDims];
        for (int i = 0; i < spatialDims; i++) {
            if (pads[i] != pads[i + spatialDims]) {
                throw OnnxImportException.atNode(n, "attribute 'pads' = " + Arrays.toString(pads)
                        + " is not supported: begin and end padding differ (asymmetric)");
            }
            p[i] = pads[i];
        }
        return p;
    }

    private static long[] ones(int k) {
        long[] o = new long[k];
        Arrays.fill(o, 1);
        return o;
    }

    private static GraphOp conv(OnnxNode n, ConversionContext c) {
        n.allowOnly("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
        long[] kernel = n.getInts("kernel_shape", null);
        TensorValue w = c.constant(n.input(1));
        int k = kernel != null ? kernel.length : w != null ? w.shape().length - 2 : -1;
        if (k < 1) {
            throw OnnxImportException.atNode(n, "needs attribute 'kernel_shape' or a weight of known shape");
        }
        long[] pads = symmetricPads(n, k);
        long[] strides = n.getInts("strides", ones(k));
        long[] dil = n.getInts("dilations", ones(k));
        int group = (int) n.getInt("group", 1);
        boolean hasBias = !n.input(2).isEmpty();
        return in -> {
            NDArray x = in[0];
            NDArray weight = in[1];
            if (kernel != null && !Arrays.equals(kernel, Arrays.copyOfRange(weight.getShape().getShape(), 2, 2 + k))) {
                throw new IllegalArgumentException(n.describe() + ": kernel_shape " + Arrays.toString(kernel)
                        + " does not match weight shape " + weight.getShape());
            }
            NDArray bias = hasBias ? in[2] : x.getManager().zeros(new Shape(weight.getShape().get(0)), x.getDataType());
            return new NDArray[] {x.getNDArrayInternal().convolution(x, weight, bias, new Shape(strides), new Shape(pads),
                    new Shape(dil), group).singletonOrThrow()};
        };
    }

    /**
     * Batch norm as torch.nn.BatchNorm: libtorch's {@code batch_norm}, which torch's module calls, in eval form
     * (running statistics) for an inference forward and in train form for a training forward: normalise with
     * the batch mean and biased variance over every axis but 1, then update the running statistics in place
     * with the unbiased variance, {@code running = (1 - m)·running + m·batch} where torch's momentum
     * {@code m = 1 - momentum} of ONNX (ONNX's default 0.9 is torch's 0.1). Autograd flows through the batch
     * statistics; the running statistics are non-trainable parameters, so the update reaches the block.
     * See torch/nn/modules/batchnorm.py (_BatchNorm.forward) and the ONNX BatchNormalization spec.
     */
    private static GraphOp batchNorm(OnnxNode n, ConversionContext c) {
        n.allowOnly("epsilon", "momentum", "training_mode", "spatial", "is_test", "consumed_inputs");
        if (n.getInt("training_mode", 0) != 0) {
            throw OnnxImportException.atNode(n, "attribute 'training_mode' = 1 is not supported (the block's training flag selects the form)");
        }
        if (n.getInt("spatial", 1) != 1) {
            throw OnnxImportException.atNode(n, "attribute 'spatial' = 0 is not supported");
        }
        if (n.outputs().size() > 1) {
            throw OnnxImportException.atNode(n, "outputs running_mean/var (training form) are not supported");
        }
        float eps = n.getFloat("epsilon", 1e-5f);
        float onnxMomentum = n.getFloat("momentum", 0.9f);
        if (!(onnxMomentum >= 0f && onnxMomentum <= 1f)) {
            throw OnnxImportException.atNode(n, "attribute 'momentum' = " + onnxMomentum + " is outside [0, 1]");
        }
        return new GraphOp() {
            @Override
            public NDArray[] apply(NDArray[] in) {
                return apply(in, false);
            }

            @Override
            public NDArray[] apply(NDArray[] in, boolean training) {
                // DJL's batchNorm takes the MXNet/ONNX momentum and hands libtorch 1 - momentum
                return new NDArray[] {in[0].getNDArrayInternal()
                        .batchNorm(in[0], in[3], in[4], in[1], in[2], -1, onnxMomentum, eps, training).singletonOrThrow()};
            }
        };
    }

    private static GraphOp pool(OnnxNode n, boolean max) {
        if (max) {
            n.allowOnly("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides");
            if (n.getInt("storage_order", 0) != 0) {
                throw OnnxImportException.atNode(n, "attribute 'storage_order' = 1 is not supported");
            }
            if (n.outputs().size() > 1) {
                throw OnnxImportException.atNode(n, "output 'Indices' is not supported");
            }
        } else {
            n.allowOnly("auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides", "dilations");
        }
        long[] kernel = n.getInts("kernel_shape", null);
        if (kernel == null) {
            throw OnnxImportException.atNode(n, "attribute 'kernel_shape' is required");
        }
        int k = kernel.length;
        long[] pads = symmetricPads(n, k);
        long[] strides = n.getInts("strides", ones(k));
        long[] dil = n.getInts("dilations", ones(k));
        if (!Arrays.equals(dil, ones(k))) {
            throw OnnxImportException.atNode(n, "attribute 'dilations' = " + Arrays.toString(dil) + " is not supported (only 1)");
        }
        boolean ceil = n.getInt("ceil_mode", 0) != 0;
        boolean includePad = n.getInt("count_include_pad", 0) != 0;
        return in -> {
            NDArray x = in[0];
            NDArray y = max
                    ? x.getNDArrayInternal().maxPool(new Shape(kernel), new Shape(strides), new Shape(pads), ceil)
                    : x.getNDArrayInternal().avgPool(new Shape(kernel), new Shape(strides), new Shape(pads), ceil, includePad);
            return new NDArray[] {y};
        };
    }
}
