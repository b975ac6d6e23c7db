package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.OnnxModel;
import io.github.torchact.onnx.TensorValue;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prints (does not assert) forward latency of the compiled forward against the node-by-node evaluation and the
 * compiled forward with inference rewrites, on four zoo models at their golden input (batch 2), one thread: the median
 * of 200 interleaved runs, as wall time and as the calling thread's CPU time (libtorch runs with one intra-op thread, so
 * the forward's work is on this thread; CPU time is less disturbed by other processes on a shared machine). Also
 * import time (model file read, conversion, compilation, initialisation and the trial run), median of 7.
 */
class OnnxCompiledLatencyTest {

    private static final String[] MODELS = {"mobilenetv3_dynamo_fixed", "resnet_legacy17_fixed", "bert_legacy17_fixed", "gpt2_dynamo_fixed"};
    private static final int RUNS = Integer.getInteger("latency.runs", 200);
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @Test
    void printsLatency() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-26s %-22s %-22s %-22s %s", "model", "node by node", "compiled", "compiled + rewrites",
                "import node-by-node / compiled"));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (String model : MODELS) {
                Path dir = OnnxZooTest.zoo().resolve(model);
                Path file = dir.resolve("model.onnx");
                List<TensorValue> in = new ArrayList<>();
                try (NDManager m = manager.newSubManager()) {
                    OnnxGraphBlock[] blocks = {
                        OnnxImporter.importModel(file, m, ImportOptions.defaults().optCompile(false)),
                        OnnxImporter.importModel(file, m),
                        OnnxImporter.importModel(file, m, ImportOptions.defaults().optInferenceRewrites(true))};
                    assertTrue(blocks[1].isCompiled() && blocks[2].isCompiled());
                    for (int i = 0; i < blocks[0].inputNames().size(); i++) {
                        in.add(OnnxTestSupport.pb(dir.resolve("test_data_set_0/input_" + i + ".pb")));
                    }
                    long[][] wall = new long[3][RUNS];
                    long[][] cpu = new long[3][RUNS];
                    for (int r = -30; r < RUNS; r++) {
                        for (int k = 0; k < 3; k++) {
                            try (NDManager s = m.newSubManager()) {
                                NDList x = new NDList();
                                in.forEach(v -> x.add(v.toNDArray(s)));
                                long c0 = CPU.getCurrentThreadCpuTime();
                                long t0 = System.nanoTime();
                                blocks[k].forward(new ParameterStore(s, false), x, false);
                                long t1 = System.nanoTime();
                                long c1 = CPU.getCurrentThreadCpuTime();
                                if (r >= 0) {
                                    wall[k][r] = t1 - t0;
                                    cpu[k][r] = c1 - c0;
                                }
                            }
                        }
                    }
                    String[] cells = new String[3];
                    for (int k = 0; k < 3; k++) {
                        cells[k] = String.format("%.3f (cpu %.3f) ms", median(wall[k]) / 1e6, median(cpu[k]) / 1e6);
                    }
                    double[] imports = importTimes(file, m);
                    lines.add(String.format("%-26s %-22s %-22s %-22s %.1f / %.1f ms (cpu %.1f / %.1f)", model, cells[0], cells[1], cells[2],
                            imports[0], imports[1], imports[2], imports[3]));
                }
            }
        }
        lines.forEach(l -> System.out.println("LATENCY " + l));
    }

    /** {wall node-by-node, wall compiled, cpu node-by-node, cpu compiled} medians of 7 imports, in ms. */
    private static double[] importTimes(Path file, NDManager m) {
        int n = 7;
        long[][] t = new long[4][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                try (NDManager s = m.newSubManager()) {
                    long c0 = CPU.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    OnnxImporter.importModel(OnnxModel.read(file), s, ImportOptions.defaults().optCompile(k == 1));
                    t[k][i] = System.nanoTime() - t0;
                    t[2 + k][i] = CPU.getCurrentThreadCpuTime() - c0;
                }
            }
        }
        return new double[] {median(t[0]) / 1e6, median(t[1]) / 1e6, median(t[2]) / 1e6, median(t[3]) / 1e6};
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
