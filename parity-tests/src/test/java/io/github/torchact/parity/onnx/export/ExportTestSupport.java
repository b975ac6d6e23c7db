package io.github.torchact.parity.onnx.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;

import java.io.ByteArrayInputStream;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/** ONNX Runtime runs of exported models and the 1e-5 + 1e-5·|ref| comparison against the DJL forward. */
final class ExportTestSupport {

    static final double ABS = 1e-5;
    static final double REL = 1e-5;

    private ExportTestSupport() {}

    /** The first output of ONNX Runtime 1.28 (CPU, graph optimisations off, one thread) on {@code x}, as doubles. */
    static double[] ort(OnnxMl.ModelProto model, NDArray x) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            o.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model.toByteArray(), o);
                    OnnxTensor in = tensor(env, x);
                    OrtSession.Result r = s.run(Map.of(model.getGraph().getInput(0).getName(), in))) {
                OnnxTensor t = (OnnxTensor) r.get(0);
                switch (t.getInfo().type) {
                    case FLOAT: {
                        FloatBuffer b = t.getFloatBuffer();
                        double[] d = new double[b.remaining()];
                        for (int i = 0; i < d.length; i++) {
                            d[i] = b.get(i);
                        }
                        return d;
                    }
                    case DOUBLE: {
                        DoubleBuffer b = t.getDoubleBuffer();
                        double[] d = new double[b.remaining()];
                        b.get(d);
                        return d;
                    }
                    default:
                        throw new IllegalStateException("output type " + t.getInfo().type);
                }
            }
        }
    }

    private static OnnxTensor tensor(OrtEnvironment env, NDArray x) throws OrtException {
        long[] shape = x.getShape().getShape();
        switch (x.getDataType()) {
            case FLOAT32:
                return OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), shape);
            case FLOAT64:
                return OnnxTensor.createTensor(env, DoubleBuffer.wrap(x.toDoubleArray()), shape);
            case INT64:
                return OnnxTensor.createTensor(env, LongBuffer.wrap(x.toLongArray()), shape);
            default:
                throw new IllegalArgumentException("input type " + x.getDataType());
        }
    }

    /** The block's inference forward on {@code x}, as doubles. */
    static double[] djl(Block block, NDManager m, NDArray x) {
        NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false).head();
        return y.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** The largest |a - ref| / (ABS + REL·|ref|) (≤ 1 passes); a NaN on one side only, or different lengths, is infinite. */
    static double worstRatio(double[] a, double[] ref) {
        if (a.length != ref.length) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(ref[i])) {
                if (Double.isNaN(a[i]) != Double.isNaN(ref[i])) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            if (a[i] == ref[i]) {
                continue;
            }
            worst = Math.max(worst, Math.abs(a[i] - ref[i]) / (ABS + REL * Math.abs(ref[i])));
        }
        return worst;
    }

    /** The exported model imported back (validation, conversion and trial run) into {@code m}. */
    static OnnxGraphBlock reimport(OnnxMl.ModelProto model, NDManager m, String name) {
        return OnnxImporter.importModel(new ByteArrayInputStream(model.toByteArray()), name, m, ImportOptions.defaults());
    }

    /** A random input of {@code shape} and {@code type}, N(0, 4²), with values at the catalog's kinks up front. */
    static NDArray input(NDManager m, Shape shape, DataType type) {
        NDArray x = m.randomNormal(0, 4, shape, DataType.FLOAT64, m.getDevice());
        double[] v = x.toDoubleArray();
        double[] special = {0, -0.0, 0.5, -0.5, 1.5, -1.5, 3, -3, 6, -1, 1, 2.5, 5, -120, 25, -30, 21};
        System.arraycopy(special, 0, v, 0, Math.min(special.length, v.length));
        return m.create(v, shape).toType(type, false);
    }
}
