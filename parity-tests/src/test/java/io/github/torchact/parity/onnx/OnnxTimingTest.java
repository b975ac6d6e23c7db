package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.TensorValue;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Measurement, not a benchmark harness: import time of the CNN and per-call inference latency of the imported
 * block on the PyTorch engine vs ONNX Runtime (Java API, 1 intra-op thread, same input), medians printed.
 */
class OnnxTimingTest {

    private static double median(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }

    @Test
    void measureImportAndLatency() throws Exception {
        Path dir = OnnxTestSupport.corpus().resolve("cnn_op13");
        TensorValue in = OnnxTestSupport.pb(dir.resolve("input_0.pb"));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            long[] imports = new long[15];
            OnnxGraphBlock block = null;
            for (int i = 0; i < imports.length; i++) {
                try (NDManager sub = m.newSubManager()) {
                    long t0 = System.nanoTime();
                    OnnxImporter.importModel(dir.resolve("model.onnx"), sub);
                    imports[i] = System.nanoTime() - t0;
                }
            }
            block = OnnxImporter.importModel(dir.resolve("model.onnx"), m);
            NDArray x = in.toNDArray(m);
            long[] djl = new long[300];
            for (int i = -50; i < djl.length; i++) {
                try (NDManager sub = m.newSubManager()) {
                    long t0 = System.nanoTime();
                    NDArray y = block.forward(new ParameterStore(sub, false), new NDList(x), false).head();
                    y.toFloatArray();
                    if (i >= 0) {
                        djl[i] = System.nanoTime() - t0;
                    }
                }
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            long[] ort = new long[300];
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setIntraOpNumThreads(1);
                try (OrtSession s = env.createSession(dir.resolve("model.onnx").toString(), o);
                        OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(OnnxTestSupport.floats(in)), in.shape())) {
                    for (int i = -50; i < ort.length; i++) {
                        long t0 = System.nanoTime();
                        try (OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
                            ((OnnxTensor) r.get(0)).getFloatBuffer();
                        }
                        if (i >= 0) {
                            ort[i] = System.nanoTime() - t0;
                        }
                    }
                }
            }
            System.out.printf("TIMING cnn_op13 [2,3,16,16]: import median %.2f ms (first %.1f ms); inference median: imported on PyTorch %.3f ms,"
                    + " ONNX Runtime %.3f ms (1 thread each; JDK %s)%n", median(imports), imports[0] / 1e6, median(djl), median(ort),
                    System.getProperty("java.version"));
            assertTrue(median(djl) > 0 && median(ort) > 0);
        }
    }
}
