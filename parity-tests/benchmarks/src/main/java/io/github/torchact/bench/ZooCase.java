package io.github.torchact.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

import io.github.torchact.onnx.ImportOptions;

import java.lang.reflect.Method;
import java.nio.LongBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What every benchmark of one imported zoo model shares ({@code models/onnx/zoo}, see its README): the ONNX file the
 * forward rows use, the TorchScript file of the second anchor, the graph inputs and the deterministic inputs at a
 * batch size.
 *
 * <p>The {@code _fixed} exports declare batch 2 (the batch of their test data), which ONNX Runtime refuses to run at
 * batch 1 or 8, so every forward row (ours and ONNX Runtime, on the same file) uses the model's {@code _dyn} export
 * (dynamic batch; text models dynamic batch and sequence). The TorchScript anchor is {@code model.pt} in the
 * {@code _fixed} folder ({@code make_torchscript.py}: traced on the batch-2 test input; it runs at any batch and
 * sequence, checked there against the eager model). Inputs: images {@code [batch, 3, 32, 32]} float32 standard normal
 * (seeded); text {@code [batch, 8]} int64 ids uniform in [0, 100); BERT's attention mask has {@code b} padding zeros at
 * the end of row {@code b} (at most 7), as {@code make_zoo.make_inputs} does.
 */
final class ZooCase {

    /** Sequence length of the text models' inputs. */
    static final int SEQ = 8;
    static final int VOCAB = 100;

    final String model;
    /** Folder of the ONNX file the forward, backward and ONNX Runtime rows use. */
    final String onnxFolder;
    /** Folder of the fixed-shape export and its traced {@code model.pt}. */
    final String fixedFolder;
    final List<String> inputNames;
    final boolean text;

    private ZooCase(String model, String exporter, List<String> inputNames, boolean text) {
        this.model = model;
        this.onnxFolder = model + "_" + exporter + "_dyn";
        this.fixedFolder = model + "_" + exporter + "_fixed";
        this.inputNames = inputNames;
        this.text = text;
    }

    static final Map<String, ZooCase> ALL = new LinkedHashMap<>();

    static {
        for (ZooCase c : new ZooCase[] {
            new ZooCase("mobilenetv3", "dynamo", List.of("input"), false),
            new ZooCase("resnet", "legacy17", List.of("input"), false),
            new ZooCase("bert", "legacy17", List.of("input_ids", "attention_mask"), true),
            new ZooCase("gpt2", "dynamo", List.of("input_ids"), true),
        }) {
            ALL.put(c.model, c);
        }
    }

    static ZooCase get(String model) {
        ZooCase c = ALL.get(model);
        if (c == null) {
            throw new IllegalArgumentException("unknown zoo model " + model + ", expected one of " + ALL.keySet());
        }
        return c;
    }

    /** The zoo directory: {@code -Dbench.zoo}, else {@code models/onnx/zoo} under the working directory. */
    static Path zoo() {
        Path p = Path.of(System.getProperty("bench.zoo", "models/onnx/zoo")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("zoo directory " + p + " not found: run from the repository root or set -Dbench.zoo");
        }
        return p;
    }

    Path onnxFile() {
        return zoo().resolve(onnxFolder).resolve("model.onnx");
    }

    /** The ONNX file of {@code folder} ("dyn" or "fixed"). */
    Path onnxFile(String form) {
        return zoo().resolve(form.equals("fixed") ? fixedFolder : onnxFolder).resolve("model.onnx");
    }

    Path torchScriptDir() {
        return zoo().resolve(fixedFolder);
    }

    long[] shape(int batch) {
        return text ? new long[] {batch, SEQ} : new long[] {batch, 3, 32, 32};
    }

    /** Input {@code i} at {@code batch}: float32 values for images, int64 values for text (as a long[]). */
    Object data(int i, int batch) {
        long[] shape = shape(batch);
        int n = (int) (shape[0] * shape[1] * (text ? 1 : shape[2] * shape[3]));
        SplittableRandom r = new SplittableRandom(0x5EED_0000L + 31L * model.hashCode() + batch);
        if (!text) {
            float[] x = new float[n];
            for (int k = 0; k < n; k++) {
                x[k] = (float) (Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
            }
            return x;
        }
        long[] v = new long[n];
        if (i == 0) {
            for (int k = 0; k < n; k++) {
                v[k] = r.nextInt(VOCAB);
            }
        } else { // attention mask: row b ends in min(b, SEQ - 1) zeros
            for (int b = 0; b < batch; b++) {
                for (int s = 0; s < SEQ; s++) {
                    v[b * SEQ + s] = s < SEQ - Math.min(b, SEQ - 1) ? 1 : 0;
                }
            }
        }
        return v;
    }

    NDList ndInputs(NDManager m, int batch) {
        NDList in = new NDList();
        for (int i = 0; i < inputNames.size(); i++) {
            Object d = data(i, batch);
            Shape s = new Shape(shape(batch));
            in.add(d instanceof float[] ? m.create((float[]) d, s) : m.create((long[]) d, s));
        }
        return in;
    }

    Map<String, OnnxTensor> ortInputs(OrtEnvironment env, int batch) throws OrtException {
        Map<String, OnnxTensor> in = new LinkedHashMap<>();
        for (int i = 0; i < inputNames.size(); i++) {
            Object d = data(i, batch);
            in.put(inputNames.get(i), d instanceof float[]
                    ? OnnxTensor.createTensor(env, FloatBuffer.wrap((float[]) d), shape(batch))
                    : OnnxTensor.createTensor(env, LongBuffer.wrap((long[]) d), shape(batch)));
        }
        return in;
    }

    // ---- the forward modes ----------------------------------------------------------------------------------------

    /** Node-by-node evaluator. */
    static final String NODES = "nodes";
    /** The whole graph as one TorchScript module ({@code ImportOptions.optCompile(true)}), where the build has it. */
    static final String COMPILED = "compiled";
    /** The compiled forward with {@code ImportOptions.optInferenceRewrites(true)}: a serving configuration, forward only. */
    static final String REWRITES = "rewrites";

    /** {@code ImportOptions.optCompile(boolean)}, or null while the build has no compiled forward. */
    static Method compileOption() {
        try {
            return ImportOptions.class.getMethod("optCompile", boolean.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** The forward modes this build has: compiled (where it exists) and node by node. */
    static List<String> modes() {
        List<String> m = new ArrayList<>();
        if (compileOption() != null) {
            m.add(COMPILED);
        }
        m.add(NODES);
        return m;
    }

    /** Import options for a forward mode; refuses "compiled" where the build has no such option. */
    static ImportOptions options(String mode) {
        ImportOptions o = ImportOptions.defaults();
        Method compile = compileOption();
        if (compile == null) {
            if (mode.equals(COMPILED)) {
                throw new IllegalStateException("this build has no ImportOptions.optCompile: no compiled forward to measure");
            }
            return o;
        }
        if (mode.equals(REWRITES)) {
            return ImportOptions.defaults().optInferenceRewrites(true);
        }
        try {
            return (ImportOptions) compile.invoke(o, mode.equals(COMPILED));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ImportOptions.optCompile failed", e);
        }
    }
}
