package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import com.google.protobuf.ByteString;

import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImportException;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.TensorValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Deterministic mutation test of the importer against ONNX Runtime 1.28: five corpus models, ~2000 seeded mutations
 * (byte flips, truncations, and protobuf-field mutations through the OnnxMl builders: dims, data types, raw data,
 * attribute values, input and output counts, duplicate names, opsets, op types, node order, graph input shapes,
 * external-data entries). Each mutant is imported and opened in ONNX Runtime. Asserted: nothing but
 * {@link OnnxImportException} escapes the import; where both accept the mutant and both run it on the corpus input,
 * every output equals ONNX Runtime's within 1e-5 + 1e-5·|ref| (shapes equal, NaN where NaN), except that a mutant whose
 * outputs come from reductions over huge padded tensors (a pad of 100000 before a global pool: 800k float32 terms) may
 * differ by float32 accumulation order up to 10 times that bound; those are listed, not failed. No mutant that ORT
 * refuses may import, and at most {@link #MAX_ONLY_ORT} that ORT accepts may be refused. The four accept/refuse
 * counts and the reasons of disagreement are printed (README, "Hostile input").
 */
public class OnnxMutationTest {

    private static final String[] MODELS = {"cnn_op13", "cnn_dynamo_op18", "mlp_glu_op13", "mlp_softshrink_op17",
        "mlp_softplus_beta2_th5_dynamo_op18"};
    private static final int PER_MODEL = 400;
    private static final String[] OPS = {"Relu", "Sigmoid", "Add", "Mul", "Conv", "Gemm", "MatMul", "Transpose", "Reshape",
        "Softmax", "Identity", "Where", "Split", "Concat", "MaxPool", "Flatten", "Cast", "Frobnicate"};
    /** Mutants we refuse and ORT accepts (deliberately stricter, README "Hostile input"); more is a regression. */
    private static final int MAX_ONLY_ORT = 207;
    private static final long[] INTS = {0, 1, -1, 2, 3, -2, 7, 1L << 31, (1L << 32) + 1, Long.MAX_VALUE, Long.MIN_VALUE, 100000};

    private static NDManager manager;
    private static OrtEnvironment env;

    @TempDir
    Path tmp;

    @BeforeAll
    static void engines() {
        manager = NDManager.newBaseManager("PyTorch");
        env = OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Outcome counts and the reasons of disagreement. */
    private static final class Tally {
        int both;
        int neither;
        int onlyOrt;
        int onlyUs;
        int compared;
        int ranDifferently;
        final Map<String, Integer> onlyOrtReasons = new TreeMap<>();
        final Map<String, Integer> onlyUsReasons = new TreeMap<>();
        final Map<String, Integer> runReasons = new TreeMap<>();
        final List<String> escaped = new ArrayList<>();
        final List<String> mismatches = new ArrayList<>();
        final List<String> close = new ArrayList<>();
    }

    @Test
    void mutantsAreRefusedCleanlyOrMatchOnnxRuntime() throws Exception {
        Tally t = new Tally();
        long t0 = System.nanoTime();
        for (int mi = 0; mi < MODELS.length; mi++) {
            Path src = OnnxTestSupport.corpus().resolve(MODELS[mi]);
            Path dir = Files.createDirectories(tmp.resolve(MODELS[mi]));
            if (Files.exists(src.resolve("model.onnx.data"))) {
                Files.copy(src.resolve("model.onnx.data"), dir.resolve("model.onnx.data"));
            }
            byte[] original = Files.readAllBytes(src.resolve("model.onnx"));
            OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(original);
            TensorValue input = OnnxTestSupport.pb(src.resolve("input_0.pb"));
            Random rng = new Random(20260 + mi);
            for (int k = 0; k < PER_MODEL; k++) {
                String what = MODELS[mi] + " #" + k;
                byte[] mutant;
                String kind;
                int pick = rng.nextInt(10);
                if (pick == 0) {
                    mutant = original.clone();
                    int flips = 1 + rng.nextInt(4);
                    for (int f = 0; f < flips; f++) {
                        mutant[rng.nextInt(mutant.length)] ^= (byte) (1 + rng.nextInt(255));
                    }
                    kind = "byte flips";
                } else if (pick == 1) {
                    mutant = Arrays.copyOf(original, rng.nextInt(original.length));
                    kind = "truncation";
                } else {
                    StringBuilder desc = new StringBuilder();
                    mutant = mutate(proto, rng, desc).toByteArray();
                    kind = desc.toString();
                }
                Path file = dir.resolve("model.onnx");
                Files.write(file, mutant);
                check(file, input, what + " (" + kind + ")", kind, t);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("MUTATION %d mutants in %.1f s: accepted by both %d (compared %d, run failed on one side %d), refused by both %d,"
                + " we refuse & ORT accepts %d, we accept & ORT refuses %d; outputs over 1e-5 + 1e-5|ref| but within 10x: %d%n",
                MODELS.length * PER_MODEL, seconds, t.both, t.compared, t.ranDifferently, t.neither, t.onlyOrt, t.onlyUs, t.close.size());
        t.onlyOrtReasons.forEach((r, n) -> System.out.println("MUTATION we refuse, ORT accepts x" + n + ": " + r));
        t.onlyUsReasons.forEach((r, n) -> System.out.println("MUTATION we accept, ORT refuses x" + n + ": " + r));
        t.runReasons.forEach((r, n) -> System.out.println("MUTATION run failed on one side x" + n + ": " + r));
        t.mismatches.forEach(m -> System.out.println("MUTATION MISMATCH " + m));
        t.close.forEach(m -> System.out.println("MUTATION within 10x the bound (float32 accumulation order) " + m));
        t.escaped.forEach(m -> System.out.println("MUTATION ESCAPED " + m));
        assertTrue(t.escaped.isEmpty(), "exceptions other than OnnxImportException escaped: " + t.escaped);
        assertTrue(t.mismatches.isEmpty(), "outputs differ from ONNX Runtime: " + t.mismatches);
        assertEquals(0, t.onlyUs, "mutants we import and ONNX Runtime refuses: " + t.onlyUsReasons);
        assertTrue(t.onlyOrt <= MAX_ONLY_ORT, "mutants we refuse and ONNX Runtime accepts: " + t.onlyOrt + ", more than the "
                + MAX_ONLY_ORT + " the README lists: " + t.onlyOrtReasons);
    }

    private static String reasonKey(String kind, String message) {
        String m = message == null ? "null" : message.replaceAll("/tmp/\\S*", "").replaceAll("\\d+", "N");
        int nl = m.indexOf("problem");
        if (nl >= 0 && m.indexOf('\n') > 0) {
            m = m.substring(m.indexOf('\n') + 1).trim();
        }
        m = m.split("\n")[0];
        String k = kind.startsWith("opset") || kind.startsWith("ir_version") ? kind : kind.replaceAll("\\d+", "N");
        return k + " | " + (m.length() > 300 ? m.substring(0, 300) : m);
    }

    private static void count(Map<String, Integer> m, String key) {
        m.merge(key, 1, Integer::sum);
    }

    private void check(Path file, TensorValue input, String what, String kind, Tally t) {
        try (NDManager m = manager.newSubManager()) {
            OnnxGraphBlock block = null;
            String ourError = null;
            int mismatchesBefore = t.mismatches.size();
            try {
                block = OnnxImporter.importModel(file, m);
            } catch (OnnxImportException e) {
                ourError = e.getMessage();
            } catch (Throwable e) {
                t.escaped.add(what + ": " + e);
                e.printStackTrace(System.out);
                return;
            }
            OrtSession session = null;
            String ortError = null;
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
                o.setIntraOpNumThreads(1);
                session = env.createSession(file.toString(), o);
            } catch (Exception e) {
                ortError = e.getMessage();
            }
            try {
                if (block == null && session == null) {
                    t.neither++;
                } else if (block == null) {
                    t.onlyOrt++;
                    count(t.onlyOrtReasons, reasonKey(kind, ourError));
                } else if (session == null) {
                    t.onlyUs++;
                    count(t.onlyUsReasons, reasonKey(kind, ortError));
                } else {
                    t.both++;
                    compare(block, session, input, m, what, kind, t);
                    if (t.mismatches.size() > mismatchesBefore) {
                        keep(file, what);
                    }
                }
            } finally {
                if (session != null) {
                    try {
                        session.close();
                    } catch (Exception e) {
                        // ignore
                    }
                }
                if (block != null) {
                    block.close();
                }
            }
        }
    }

    private void compare(OnnxGraphBlock block, OrtSession session, TensorValue input, NDManager m, String what, String kind, Tally t) {
        if (block.inputNames().size() != 1 || session.getInputNames().size() != 1) {
            return;
        }
        NDList ours;
        String ourRun = null;
        try {
            ours = block.forward(new ParameterStore(m, false), new NDList(input.toNDArray(m).toType(block.inputTypes().get(0), false)), false);
        } catch (Exception e) {
            ours = null;
            ourRun = e.getMessage();
        }
        float[] x = OnnxTestSupport.floats(input);
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            feed.put(session.getInputNames().iterator().next(), OnnxTensor.createTensor(env, FloatBuffer.wrap(x), input.shape()));
            try (OrtSession.Result r = session.run(feed)) {
                if (ours == null) {
                    t.ranDifferently++;
                    count(t.runReasons, reasonKey(kind, "we fail, ORT runs: " + ourRun));
                    return;
                }
                t.compared++;
                if (r.size() != ours.size()) {
                    t.mismatches.add(what + ": " + ours.size() + " outputs vs ORT " + r.size());
                    return;
                }
                for (int i = 0; i < r.size(); i++) {
                    String d = differs(ours.get(i), r.get(i), 1);
                    if (d != null && differs(ours.get(i), r.get(i), 10) == null) {
                        t.close.add(what + ": output " + i + " " + d);
                    } else if (d != null) {
                        t.mismatches.add(what + ": output " + i + " " + d);
                    }
                }
            }
        } catch (Exception e) {
            if (ours != null) {
                t.ranDifferently++;
                count(t.runReasons, reasonKey(kind, "ORT fails, we run: " + e.getMessage()));
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /** Copies a mutant whose outputs differ to target/mutation-mismatch for a look. */
    private static void keep(Path file, String what) {
        try {
            Path dir = Files.createDirectories(java.nio.file.Paths.get("target", "mutation-mismatch"));
            Files.copy(file, dir.resolve(what.replaceAll("[^A-Za-z0-9_.#-]", "_") + ".onnx"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            // only a debugging aid
        }
    }

    /** Why {@code y} differs from ORT's {@code v}, or null. */
    private static String differs(NDArray y, OnnxValue v, double factor) throws Exception {
        if (!(v instanceof OnnxTensor)) {
            return "is not a tensor in ORT";
        }
        OnnxTensor ot = (OnnxTensor) v;
        TensorInfo info = ot.getInfo();
        if (!Arrays.equals(info.getShape(), y.getShape().getShape())) {
            return "shape " + y.getShape() + " vs ORT " + Arrays.toString(info.getShape());
        }
        double[] ref = doubles(ot);
        double[] a = y.toType(DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < ref.length; i++) {
            boolean nanA = Double.isNaN(a[i]);
            boolean nanR = Double.isNaN(ref[i]);
            if (nanA || nanR) {
                if (nanA != nanR) {
                    return "[" + i + "] " + a[i] + " vs ORT " + ref[i];
                }
            } else if (a[i] != ref[i] && !(Math.abs(a[i] - ref[i]) <= factor * (1e-5 + 1e-5 * Math.abs(ref[i])))) {
                return "[" + i + "] " + a[i] + " vs ORT " + ref[i];
            }
        }
        return null;
    }

    private static double[] doubles(OnnxTensor t) {
        OnnxJavaType type = t.getInfo().type;
        ByteBuffer b = t.getByteBuffer().order(ByteOrder.nativeOrder());
        int n = (int) t.getInfo().getNumElements();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            switch (type) {
                case FLOAT: out[i] = b.getFloat(); break;
                case DOUBLE: out[i] = b.getDouble(); break;
                case INT64: out[i] = b.getLong(); break;
                case INT32: out[i] = b.getInt(); break;
                case INT16: out[i] = b.getShort(); break;
                case UINT8: out[i] = b.get() & 0xff; break;
                default: out[i] = b.get(); break;
            }
        }
        return out;
    }

    // ---- protobuf-field mutations -------------------------------------------------------------------------------

    private static long pickInt(Random rng, long v) {
        int c = rng.nextInt(INTS.length + 2);
        return c < INTS.length ? INTS[c] : c == INTS.length ? v + 1 : v - 1;
    }

    /** One random field-level mutation of {@code p}, described in {@code desc}. */
    public static OnnxMl.ModelProto mutate(OnnxMl.ModelProto p, Random rng, StringBuilder desc) {
        OnnxMl.ModelProto.Builder m = p.toBuilder();
        OnnxMl.GraphProto.Builder g = m.getGraphBuilder();
        switch (rng.nextInt(14)) {
            case 0: { // an initializer's dims
                if (g.getInitializerCount() == 0) {
                    break;
                }
                int i = rng.nextInt(g.getInitializerCount());
                OnnxMl.TensorProto.Builder t = g.getInitializerBuilder(i);
                if (t.getDimsCount() == 0 || rng.nextInt(4) == 0) {
                    t.addDims(pickInt(rng, 1));
                    desc.append("initializer dim added");
                } else {
                    int d = rng.nextInt(t.getDimsCount());
                    t.setDims(d, pickInt(rng, t.getDims(d)));
                    desc.append("initializer dim changed");
                }
                break;
            }
            case 1: { // an attribute value
                List<int[]> where = new ArrayList<>();
                for (int n = 0; n < g.getNodeCount(); n++) {
                    for (int a = 0; a < g.getNode(n).getAttributeCount(); a++) {
                        where.add(new int[] {n, a});
                    }
                }
                if (where.isEmpty()) {
                    break;
                }
                int[] w = where.get(rng.nextInt(where.size()));
                OnnxMl.AttributeProto.Builder a = g.getNodeBuilder(w[0]).getAttributeBuilder(w[1]);
                desc.append(g.getNode(w[0]).getOpType()).append(".").append(a.getName()).append(" ");
                switch (a.getType()) {
                    case INT:
                        a.setI(pickInt(rng, a.getI()));
                        desc.append("int changed");
                        break;
                    case INTS:
                        if (a.getIntsCount() > 0 && rng.nextBoolean()) {
                            int j = rng.nextInt(a.getIntsCount());
                            a.setInts(j, pickInt(rng, a.getInts(j)));
                            desc.append("ints element changed");
                        } else if (a.getIntsCount() > 0 && rng.nextBoolean()) {
                            List<Long> l = new ArrayList<>(a.getIntsList());
                            l.remove(rng.nextInt(l.size()));
                            a.clearInts().addAllInts(l);
                            desc.append("ints element removed");
                        } else {
                            a.addInts(pickInt(rng, 1));
                            desc.append("ints element added");
                        }
                        break;
                    case FLOAT: {
                        float[] fs = {0f, -1f, 1f, Float.NaN, Float.POSITIVE_INFINITY, a.getF() * 2, -a.getF(), 1e-30f};
                        a.setF(fs[rng.nextInt(fs.length)]);
                        desc.append("float changed");
                        break;
                    }
                    case STRING:
                        a.setS(ByteString.copyFromUtf8(rng.nextBoolean() ? "garbage" : ""));
                        desc.append("string changed");
                        break;
                    case TENSOR: {
                        OnnxMl.TensorProto.Builder t = a.getTBuilder();
                        if (t.getDimsCount() > 0) {
                            t.setDims(0, pickInt(rng, t.getDims(0)));
                        } else {
                            t.addDims(pickInt(rng, 1));
                        }
                        desc.append("tensor dims changed");
                        break;
                    }
                    default:
                        a.setType(OnnxMl.AttributeProto.AttributeType.UNDEFINED);
                        desc.append("type cleared");
                }
                if (rng.nextInt(8) == 0) {
                    OnnxMl.AttributeProto.AttributeType[] types = OnnxMl.AttributeProto.AttributeType.values();
                    OnnxMl.AttributeProto.AttributeType ty = types[rng.nextInt(types.length - 1)];
                    a.setType(ty);
                    desc.append(", type set to ").append(ty);
                }
                break;
            }
            case 2: { // a node's input count
                if (g.getNodeCount() == 0) {
                    break;
                }
                OnnxMl.NodeProto.Builder n = g.getNodeBuilder(rng.nextInt(g.getNodeCount()));
                desc.append(n.getOpType()).append(" ");
                int c = rng.nextInt(3);
                if (c == 0 && n.getInputCount() > 0) {
                    List<String> in = new ArrayList<>(n.getInputList());
                    in.remove(in.size() - 1);
                    n.clearInput().addAllInput(in);
                    desc.append("input removed");
                } else if (c == 1 && n.getInputCount() > 0) {
                    n.addInput(n.getInput(rng.nextInt(n.getInputCount())));
                    desc.append("input repeated");
                } else {
                    n.addInput("");
                    desc.append("empty input added");
                }
                break;
            }
            case 3: { // a node's output count
                if (g.getNodeCount() == 0) {
                    break;
                }
                OnnxMl.NodeProto.Builder n = g.getNodeBuilder(rng.nextInt(g.getNodeCount()));
                desc.append(n.getOpType()).append(" ");
                if (rng.nextBoolean() || n.getOutputCount() == 0) {
                    n.addOutput("extra_out_" + rng.nextInt(1000));
                    desc.append("output added");
                } else {
                    n.clearOutput();
                    desc.append("outputs removed");
                }
                break;
            }
            case 4: { // duplicate names
                int c = rng.nextInt(4);
                if (c == 0 && g.getInitializerCount() > 0) {
                    g.addInitializer(g.getInitializer(rng.nextInt(g.getInitializerCount())));
                    desc.append("initializer duplicated");
                } else if (c == 1 && g.getNodeCount() > 1) {
                    int a = rng.nextInt(g.getNodeCount());
                    int b = rng.nextInt(g.getNodeCount());
                    if (g.getNode(b).getOutputCount() > 0 && g.getNode(a).getOutputCount() > 0) {
                        g.getNodeBuilder(a).setOutput(0, g.getNode(b).getOutput(0));
                    }
                    desc.append("node output renamed to another's");
                } else if (c == 2 && g.getNodeCount() > 0 && g.getInputCount() > 0) {
                    OnnxMl.NodeProto.Builder n = g.getNodeBuilder(rng.nextInt(g.getNodeCount()));
                    if (n.getOutputCount() > 0) {
                        n.setOutput(0, g.getInput(0).getName());
                    }
                    desc.append("node output shadows the graph input");
                } else {
                    for (int n = 0; n < g.getNodeCount(); n++) {
                        if (g.getNode(n).getAttributeCount() > 0) {
                            g.getNodeBuilder(n).addAttribute(g.getNode(n).getAttribute(0));
                            break;
                        }
                    }
                    desc.append("attribute duplicated");
                }
                break;
            }
            case 5: { // the opset
                long[] v = {0, 1, 6, 9, 11, 13, 17, 18, 20, 21, 22, 23, 24, 999};
                long o = v[rng.nextInt(v.length)];
                for (int i = 0; i < m.getOpsetImportCount(); i++) {
                    if (m.getOpsetImport(i).getDomain().isEmpty()) {
                        m.getOpsetImportBuilder(i).setVersion(o);
                    }
                }
                desc.append("opset ").append(o);
                break;
            }
            case 6: { // an op type
                if (g.getNodeCount() == 0) {
                    break;
                }
                OnnxMl.NodeProto.Builder n = g.getNodeBuilder(rng.nextInt(g.getNodeCount()));
                String op = OPS[rng.nextInt(OPS.length)];
                desc.append(n.getOpType()).append(" -> ").append(op);
                n.setOpType(op);
                break;
            }
            case 7: { // node order
                if (g.getNodeCount() < 2) {
                    break;
                }
                int a = rng.nextInt(g.getNodeCount());
                if (rng.nextBoolean()) {
                    g.removeNode(a);
                    desc.append("node removed");
                } else {
                    int b = rng.nextInt(g.getNodeCount());
                    OnnxMl.NodeProto na = g.getNode(a);
                    g.setNode(a, g.getNode(b));
                    g.setNode(b, na);
                    desc.append("nodes swapped");
                }
                break;
            }
            case 8: { // a graph input's shape
                if (g.getInputCount() == 0) {
                    break;
                }
                OnnxMl.TypeProto.Tensor.Builder tt = g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder();
                if (tt.getShape().getDimCount() > 0 && rng.nextBoolean()) {
                    int d = rng.nextInt(tt.getShape().getDimCount());
                    tt.getShapeBuilder().getDimBuilder(d).setDimValue(pickInt(rng, tt.getShape().getDim(d).getDimValue()));
                    desc.append("input dim changed");
                } else if (rng.nextBoolean()) {
                    tt.getShapeBuilder().addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(1 + rng.nextInt(3)));
                    desc.append("input dim added");
                } else {
                    tt.setElemType(rng.nextInt(17));
                    desc.append("input elem_type changed");
                }
                break;
            }
            case 9: { // raw data
                if (g.getInitializerCount() == 0) {
                    break;
                }
                OnnxMl.TensorProto.Builder t = g.getInitializerBuilder(rng.nextInt(g.getInitializerCount()));
                ByteString raw = t.getRawData();
                if (raw.isEmpty()) {
                    t.addFloatData(1f);
                    desc.append("typed value added");
                } else if (rng.nextBoolean()) {
                    t.setRawData(raw.substring(0, rng.nextInt(raw.size())));
                    desc.append("raw_data truncated");
                } else {
                    t.setRawData(raw.concat(ByteString.copyFrom(new byte[1 + rng.nextInt(8)])));
                    desc.append("raw_data extended");
                }
                break;
            }
            case 10: { // a data type
                if (g.getInitializerCount() == 0) {
                    break;
                }
                int ty = rng.nextInt(17);
                g.getInitializerBuilder(rng.nextInt(g.getInitializerCount())).setDataType(ty);
                desc.append("initializer data_type ").append(ty);
                break;
            }
            case 11: { // external data entries
                List<Integer> ext = new ArrayList<>();
                for (int i = 0; i < g.getInitializerCount(); i++) {
                    if (g.getInitializer(i).getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
                        ext.add(i);
                    }
                }
                if (ext.isEmpty() && g.getInitializerCount() == 0) {
                    break;
                }
                if (ext.isEmpty()) {
                    g.getInitializerBuilder(rng.nextInt(g.getInitializerCount()))
                            .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL);
                    desc.append("data_location set to EXTERNAL");
                    break;
                }
                OnnxMl.TensorProto.Builder t = g.getInitializerBuilder(ext.get(rng.nextInt(ext.size())));
                String[] keys = {"offset", "length", "location"};
                String key = keys[rng.nextInt(keys.length)];
                String[] values = key.equals("location") ? new String[] {"../model.onnx.data", "/etc/passwd", "missing.bin", "model.onnx",
                    "model.onnx.data\0x", ""} : new String[] {"-1", "0", "1", "4", "999999999999", "9223372036854775807", "x", " 8"};
                String val = values[rng.nextInt(values.length)];
                boolean found = false;
                for (int i = 0; i < t.getExternalDataCount(); i++) {
                    if (t.getExternalData(i).getKey().equals(key)) {
                        t.getExternalDataBuilder(i).setValue(val);
                        found = true;
                    }
                }
                if (!found) {
                    t.addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(val));
                }
                desc.append("external ").append(key).append(" = ").append(val.replace("\0", "\\0"));
                break;
            }
            case 12: { // graph outputs
                if (rng.nextBoolean() && g.getOutputCount() > 0) {
                    g.setOutput(0, g.getOutput(0).toBuilder().setName("no_such_value"));
                    desc.append("graph output renamed");
                } else if (g.getNodeCount() > 1) {
                    OnnxMl.NodeProto n = g.getNode(rng.nextInt(g.getNodeCount() - 1));
                    if (n.getOutputCount() > 0) {
                        g.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(n.getOutput(0)));
                    }
                    desc.append("intermediate value made a graph output");
                }
                break;
            }
            default: { // ir_version
                long[] v = {0, 1, 2, 3, 7, 10, 11, 12, 99};
                m.setIrVersion(v[rng.nextInt(v.length)]);
                desc.append("ir_version ").append(m.getIrVersion());
            }
        }
        if (desc.length() == 0) {
            desc.append("unchanged");
        }
        return m.build();
    }
}
