package io.github.torchact.bench;
import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

import io.github.torchact.onnx.*;

public class ProfileModel {
    public static void main(String[] a) throws Exception {
        String model = a[0]; int batch = Integer.parseInt(a[1]); String mode = a[2]; String out = a[3];
        int reps = a.length > 4 ? Integer.parseInt(a[4]) : 200;
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(1);
        ZooCase c = ZooCase.get(model);
        NDManager m = NDManager.newBaseManager("PyTorch");
        OnnxGraphBlock block = OnnxImporter.importModel(c.onnxFile(), m, ZooCase.options(mode));
        ParameterStore ps = new ParameterStore(m, false);
        NDList in = c.ndInputs(m, batch);
        for (int i = 0; i < 300; i++) try (NDScope s = new NDScope()) { block.forward(ps, in, false); }
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) try (NDScope s = new NDScope()) { block.forward(ps, in, false); }
        System.out.printf("%s b%d %s: %.3f ms/forward (wall, unprofiled)%n", model, batch, mode, (System.nanoTime() - t0) / 1e6 / reps);
        JniUtils.startProfile(false, true, false);
        for (int i = 0; i < 20; i++) try (NDScope s = new NDScope()) { block.forward(ps, in, false); }
        JniUtils.stopProfile(out);
        java.nio.file.Files.writeString(java.nio.file.Path.of(out + ".src.txt"), String.valueOf(block.compiledSource()));
    }
}
