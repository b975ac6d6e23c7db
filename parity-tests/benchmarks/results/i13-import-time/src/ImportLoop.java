package io.github.torchact.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.github.torchact.onnx.*;

public class ImportLoop {
    public static void main(String[] a) throws Exception {
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(1);
        java.nio.file.Path file = ZooCase.get(a[0]).onnxFile("dyn");
        int n = Integer.parseInt(a[1]);
        NDManager manager = NDManager.newBaseManager("PyTorch");
        java.lang.management.ThreadMXBean tb = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) {
            long t0 = tb.getCurrentThreadCpuTime(); long w0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                try (NDManager m = manager.newSubManager()) {
                    OnnxGraphBlock b = OnnxImporter.importModel(file, m, ZooCase.options("compiled"));
                    b.close();
                }
            }
            System.out.printf("%s: %.1f ms cpu, %.1f ms wall per import%n", a[0], (tb.getCurrentThreadCpuTime() - t0) / 1e6 / n, (System.nanoTime() - w0) / 1e6 / n);
        }
    }
}
