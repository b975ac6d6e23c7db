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
 *
 * <p>The full-size models ({@link #FULL_SIZE}: MobileNetV3-small and ResNet-18 at 224x224, BERT-base and GPT-2 small
 * on 32 tokens, {@code models/onnx/bench}) have one dynamic file, no TorchScript anchor, weights filled by
 * {@link FullSizeModels}, inputs as above at their size (ids in [0, 1000)).
 */
final class ZooCase {

    /** Sequence length of the zoo text models' inputs. */
    static final int SEQ = 8;
    static final int VOCAB = 100;

    final String model;
    /** Folder of the ONNX file the forward, backward and ONNX Runtime rows use. */
    final String onnxFolder;
    /** Folder of the fixed-shape export and its traced {@code model.pt}; null for the full-size models. */
    final String fixedFolder;
    final List<String> inputNames;
    final boolean text;
    /** Image height and width, or the text models' sequence length. */
    final int size;

    private ZooCase(String model, String exporter, List<String> inputNames, boolean text) {
        this.model = model;
        this.onnxFolder = model + "_" + exporter + "_dyn";
        this.fixedFolder = model + "_" + exporter + "_fixed";
        this.inputNames = inputNames;
        this.text = text;
        this.size = text ? SEQ : 32;
    }

    /** A full-size model of {@code models/onnx/bench} ({@link FullSizeModels}). */
    private ZooCase(String model, List<String> inputNames, boolean text, int size) {
        this.model = model;
        this.onnxFolder = model;
        this.fixedFolder = null;
        this.inputNames = inputNames;
        this.text = text;
        this.size = size;
    }

    /** The zoo's tiny models: the default set. */
    static final Map<String, ZooCase> ALL = new LinkedHashMap<>();
    /** The same architectures at deployed sizes (select with {@code -Dbench.models}). */
    static final Map<String, ZooCase> FULL_SIZE = new LinkedHashMap<>();

    static {
        for (ZooCase c : new ZooCase[] {
            new ZooCase("mobilenetv3", "dynamo", List.of("input"), false),
            new ZooCase("resnet", "legacy17", List.of("input"), false),
            new ZooCase("bert", "legacy17", List.of("input_ids", "attention_mask"), true),
            new ZooCase("gpt2", "dynamo", List.of("input_ids"), true),
        }) {
            ALL.put(c.model, c);
        }
        for (ZooCase c : new ZooCase[] {
            new ZooCase("mobilenetv3_224", List.of("input"), false, 224),
            new ZooCase("resnet18_224", List.of("input"), false, 224),
            new ZooCase("bert_base", List.of("input_ids", "attention_mask"), true, 32),
            new ZooCase("gpt2_small", List.of("input_ids"), true, 32),
        }) {
            FULL_SIZE.put(c.model, c);
        }
    }

    boolean fullSize() {
        return fixedFolder == null;
    }

    /** Every known model name, zoo first. */
    static List<String> names() {
        List<String> out = new ArrayList<>(ALL.keySet());
        out.addAll(FULL_SIZE.keySet());
        return out;
    }

    static ZooCase get(String model) {
        ZooCase c = ALL.containsKey(model) ? ALL.get(model) : FULL_SIZE.get(model);
        if (c == null) {
            throw new IllegalArgumentException("unknown zoo model " + model + ", expected one of " + names());
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
        return onnxFile("dyn");
    }

    /** The ONNX file of {@code form} ("dyn" or "fixed"); a full-size model's has its weights filled. */
    Path onnxFile(String form) {
        if (fullSize()) {
            return FullSizeModels.filled(zoo().resolveSibling("bench").resolve(onnxFolder).resolve("model.onnx"));
        }
        return zoo().resolve(form.equals("fixed") ? fixedFolder : onnxFolder).resolve("model.onnx");
    }

    /** The folder name of {@code form}'s file, for tables. */
    String folder(String form) {
        return fullSize() ? "bench/" + onnxFolder : form.equals("fixed") ? fixedFolder : onnxFolder;
    }

    /** The traced TorchScript anchor's folder, or null where there is none (the full-size models). */
    Path torchScriptDir() {
        return fullSize() ? null : zoo().resolve(fixedFolder);
    }

    long[] shape(int batch) {
        return text ? new long[] {batch, size} : new long[] {batch, 3, size, size};
    }

    /** Input {@code i} at {@code batch}: float32 values for images, int64 values for text (as a long[]). */
    Object data(int i, int batch) {
        long[] shape = shape(batch);
        int n = (int) (shape[0] * shape[1] * (text ? 1 : shape[2] * shape[3]));
        int vocab = fullSize() ? 1000 : VOCAB;
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
                v[k] = r.nextInt(vocab);
            }
        } else { // attention mask: row b ends in min(b, size - 1) zeros
            for (int b = 0; b < batch; b++) {
                for (int s = 0; s < size; s++) {
                    v[b * size + s] = s < size - Math.min(b, size - 1) ? 1 : 0;
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
    /** The rewrites without prepacked oneDNN weights ({@code ImportOptions.optPrepackWeights(false)}). */
    static final String REWRITES_UNPACKED = "rewrites-unpacked";

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
        if (mode.equals(REWRITES_UNPACKED)) {
            return ImportOptions.defaults().optInferenceRewrites(true).optPrepackWeights(false);
        }
        try {
            return (ImportOptions) compile.invoke(o, mode.equals(COMPILED));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ImportOptions.optCompile failed", e);
        }
    }
}
