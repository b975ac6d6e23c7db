package io.github.torchact.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.torchact.onnx.*;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Timing splits (CPU ms per call, 1 thread) of the unrecorded forward, the recorded forward (GradientCollector, sum)
 * and forward + backward, for ours (compiled import of the _dyn ONNX file) or the TorchScript anchor (model.pt, its
 * parameters set to require gradients; "anchor" with DJL's default graph-executor optimisation, "anchor-noopt" with it
 * off on recorded calls as ours has it); then, with a profile path, libtorch's profiler over 20 fwd+bwd calls.
 * Args: model batch which [profile.json]
 */
public class FwdBwdProf {
    public static void main(String[] a) throws Exception {
        String model = a[0];
        int batch = Integer.parseInt(a[1]);
        String which = a[2];
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(1);
        ZooCase c = ZooCase.get(model);
        NDManager m = NDManager.newBaseManager("PyTorch");
        Block block;
        boolean anchor = which.startsWith("anchor");
        if (anchor) {
            Model ts = Model.newInstance(c.model, "PyTorch");
            ts.load(c.torchScriptDir(), "model", java.util.Map.of("trainParam", "true"));
            block = ts.getBlock();
            m = ts.getNDManager();
            for (Pair<String, Parameter> p : block.getParameters()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        } else {
            // "compiled-opt": the graph-executor optimisation also on recorded calls (gradients then differ in the last bits)
            ImportOptions o = which.equals("compiled-opt") ? ImportOptions.defaults().optGraphExecutorOptimize(true)
                    : ZooCase.options(which);
            block = OnnxImporter.importModel(c.onnxFile(), m, o);
        }
        boolean noopt = which.equals("anchor-noopt");
        System.out.printf("%s %s: %d parameters%n", model, which, block.getParameters().size());
        ParameterStore ps = new ParameterStore(m, false);
        NDList in = c.ndInputs(m, batch);
        ThreadMXBean tb = ManagementFactory.getThreadMXBean();
        int n = Integer.getInteger("n", 300);
        Runnable fwd = () -> { try (NDScope s = new NDScope()) { block.forward(ps, in, false); } };
        Runnable rec = () -> {
            if (noopt) JniUtils.setGraphExecutorOptimize(false);
            try (NDScope s = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                block.forward(ps, in, anchor).head().sum();
            } finally { if (noopt) JniUtils.setGraphExecutorOptimize(true); }
        };
        Runnable fb = () -> {
            if (noopt) JniUtils.setGraphExecutorOptimize(false);
            try (NDScope s = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(block.forward(ps, in, anchor).head().sum());
            } finally { if (noopt) JniUtils.setGraphExecutorOptimize(true); }
        };
        Runnable fwdNoopt = anchor ? () -> {
            JniUtils.setGraphExecutorOptimize(false);
            try (NDScope s = new NDScope()) { block.forward(ps, in, false); } finally { JniUtils.setGraphExecutorOptimize(true); }
        } : () -> io.github.torchact.onnx.NoOpt.run(() -> { try (NDScope s = new NDScope()) { block.forward(ps, in, false); } });
        double[] best = {1e9, 1e9, 1e9, 1e9};
        for (int round = 0; round < Integer.getInteger("rounds", 4); round++) {
            Runnable[] rs = {fwd, rec, fb, fwdNoopt};
            for (int k = 0; k < 4; k++) {
                long t0 = tb.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) rs[k].run();
                best[k] = Math.min(best[k], (tb.getCurrentThreadCpuTime() - t0) / 1e6 / n);
            }
        }
        System.out.printf("%s b%d %s: fwd %.3f  recorded fwd %.3f  fwd+bwd %.3f ms cpu (min of rounds)  bwd %.3f  fwd+bwd/fwd %.2f  unrecorded fwd, unoptimised plan %.3f%n",
                model, batch, which, best[0], best[1], best[2], best[2] - best[1], best[2] / best[0], best[3]);
        if (a.length > 3) {
            JniUtils.startProfile(false, false, false);
            for (int i = 0; i < 20; i++) fb.run();
            JniUtils.stopProfile(a[3]);
            JniUtils.startProfile(false, false, false);
            for (int i = 0; i < 20; i++) fwd.run();
            JniUtils.stopProfile(a[3].replace(".json", "-fwd.json"));
            if (!anchor) {
                java.nio.file.Files.writeString(java.nio.file.Path.of(a[3] + ".src.txt"),
                        String.valueOf(((OnnxGraphBlock) block).compiledSource()));
                java.nio.file.Files.writeString(java.nio.file.Path.of(a[3] + ".specialised.txt"),
                        String.join("\n#####\n", io.github.torchact.onnx.NoOpt.specialisedSources((OnnxGraphBlock) block)));
            }
        }
    }
}
