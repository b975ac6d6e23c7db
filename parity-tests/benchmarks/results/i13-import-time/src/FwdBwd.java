package io.github.torchact.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.torchact.onnx.*;

public class FwdBwd {
    public static void main(String[] a) throws Exception {
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(1);
        ZooCase c = ZooCase.get(a[0]);
        NDManager m = NDManager.newBaseManager("PyTorch");
        OnnxGraphBlock block = OnnxImporter.importModel(c.onnxFile(), m, ZooCase.options(a[1]));
        ParameterStore ps = new ParameterStore(m, false);
        NDList in = c.ndInputs(m, Integer.parseInt(a[2]));
        java.lang.management.ThreadMXBean tb = java.lang.management.ManagementFactory.getThreadMXBean();
        int n = 400;
        for (int round = 0; round < 3; round++) {
            long t0 = tb.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) try (NDScope s = new NDScope()) { block.forward(ps, in, false); }
            long t1 = tb.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) try (NDScope s = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) { block.forward(ps, in, false).head().sum(); }
            long t2 = tb.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) try (NDScope s = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) { gc.backward(block.forward(ps, in, false).head().sum()); }
            long t3 = tb.getCurrentThreadCpuTime();
            System.out.printf("%s %s b%s: fwd %.3f  recorded fwd %.3f  fwd+bwd %.3f ms cpu%n", a[0], a[1], a[2], (t1-t0)/1e6/n, (t2-t1)/1e6/n, (t3-t2)/1e6/n);
        }
    }
}
