package io.github.torchact.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code OnnxImporter.importModel(file, manager, options)} of a zoo model, the whole of it: reading and validating the
 * file, converting, initialising the parameters and the import-time trial run; the block and its manager are freed
 * after each call. {@code form}: the {@code _dyn} export (the one the forward rows use) or the {@code _fixed} one.
 * 1 libtorch thread.
 */
@State(Scope.Benchmark)
public class ImportTimeBench {

    @Param("mobilenetv3")
    public String model;

    @Param("dyn")
    public String form;

    @Param(ZooCase.NODES)
    public String mode;

    private NDManager manager;
    private java.nio.file.Path file;

    @Setup
    public void setUp() {
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(1);
        manager = NDManager.newBaseManager("PyTorch");
        file = ZooCase.get(model).onnxFile(form);
    }

    @Benchmark
    public int importModel(CpuTime cpu) {
        long t = CpuTime.now();
        try (NDManager m = manager.newSubManager()) {
            OnnxGraphBlock b = OnnxImporter.importModel(file, m, ZooCase.options(mode));
            int n = b.inputNames().size();
            b.close();
            return n;
        } finally {
            cpu.add(t);
        }
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }
}
