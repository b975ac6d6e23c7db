package io.github.torchact.onnx;

import ai.djl.ndarray.types.DataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inference-only rewrites of {@link ImportOptions#optInferenceRewrites} on the (fused) node list, before
 * conversion, as ONNX Runtime's graph optimiser does them; the importer also freezes every initializer into a
 * constant, so subgraphs of initializers fold at import as constant subgraphs do.
 *
 * <ul>
 *   <li><b>BatchNormalization folded into the Conv before it</b> (eval form; the Conv's output feeds only the BN; weight,
 *       bias and the BN's four tensors constant, float32 or float64): with {@code s = scale / sqrt(var + eps)} per output
 *       channel, {@code W' = W · s} and {@code B' = (B - mean) · s + bias}, computed in double and rounded once to the
 *       weight's type. The result differs from torch's Conv then BatchNorm by rounding only (torch's eval batch_norm
 *       computes {@code x · (scale / sqrt(var + eps)) + (bias - mean · ...)} in float32 after the convolution).
 *   <li><b>Dead nodes dropped</b>: nodes none of whose outputs a graph output depends on.
 *   <li><b>Dead outputs dropped</b>: unused optional outputs of Dropout (mask), MaxPool (indices), LayerNormalization
 *       (mean, inverse standard deviation) and the recurrent layers, so their converters do not compute them.
 * </ul>
 */
final class InferenceRewriter {

    private static final Set<String> TRIMMABLE_OUTPUTS = Set.of("Dropout", "MaxPool", "LayerNormalization", "LSTM", "GRU", "RNN");

    private final List<OnnxNode> nodes;
    private final Map<String, TensorValue> known;
    private final List<String> outputs;
    private final Map<String, TensorValue> added = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * @param known the initializers and Constant-node values (read, not changed)
     */
    InferenceRewriter(List<OnnxNode> nodes, Map<String, TensorValue> known, List<String> outputs) {
        this.nodes = nodes;
        this.known = known;
        this.outputs = outputs;
    }

    /** The rewritten node list. */
    List<OnnxNode> run() {
        List<OnnxNode> out = foldBatchNorms(nodes);
        out = dropDeadNodes(out);
        return dropDeadOutputs(out);
    }

    /** New constant tensors the rewritten nodes read (the folded weights and biases). */
    Map<String, TensorValue> added() {
        return Collections.unmodifiableMap(added);
    }

    /** What was rewritten, for the import report. */
    List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    private Map<String, Integer> consumers(List<OnnxNode> list) {
        Map<String, Integer> c = new HashMap<>();
        for (OnnxNode n : list) {
            for (String in : n.inputs()) {
                if (!in.isEmpty()) {
                    c.merge(in, 1, Integer::sum);
                }
            }
        }
        for (String o : outputs) {
            c.merge(o, 1, Integer::sum);
        }
        return c;
    }

    // ---- BatchNormalization into Conv ----------------------------------------------------------------------------

    private List<OnnxNode> foldBatchNorms(List<OnnxNode> list) {
        Map<String, Integer> consumers = consumers(list);
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            for (String o : list.get(i).outputs()) {
                producer.put(o, i);
            }
        }
        List<OnnxNode> out = new ArrayList<>(list);
        Set<Integer> removed = new HashSet<>();
        int folded = 0;
        for (int i = 0; i < list.size(); i++) {
            OnnxNode bn = list.get(i);
            if (!bn.domain().isEmpty() || !bn.opType().equals("BatchNormalization") || bn.outputs().size() != 1
                    || bn.getInt("training_mode", 0) != 0 || bn.getInt("spatial", 1) != 1 || bn.inputs().size() != 5) {
                continue;
            }
            Integer ci = producer.get(bn.input(0));
            if (ci == null || removed.contains(ci) || consumers.getOrDefault(bn.input(0), 0) != 1) {
                continue;
            }
            OnnxNode conv = list.get(ci);
            if (!conv.domain().isEmpty() || !conv.opType().equals("Conv") || conv.outputs().size() != 1) {
                continue;
            }
            TensorValue w = known.get(conv.input(1));
            TensorValue b = conv.input(2).isEmpty() ? null : known.get(conv.input(2));
            TensorValue[] p = new TensorValue[4];
            for (int k = 0; k < 4; k++) {
                p[k] = known.get(bn.input(k + 1));
            }
            if (w == null || !conv.input(2).isEmpty() && b == null || Arrays.asList(p).contains(null)) {
                continue;
            }
            DataType t = w.dataType();
            long[] ws = w.shape();
            if (t != DataType.FLOAT32 && t != DataType.FLOAT64 || ws.length < 3) {
                continue;
            }
            long channels = ws[0];
            boolean fits = b == null || b.dataType() == t && b.size() == channels;
            for (TensorValue v : p) {
                fits &= v.dataType() == t && v.size() == channels;
            }
            if (!fits) {
                continue;
            }
            double eps = bn.getFloat("epsilon", 1e-5f);
            double[] scale = p[0].toDoubles();
            double[] shift = p[1].toDoubles();
            double[] mean = p[2].toDoubles();
            double[] var = p[3].toDoubles();
            double[] wv = w.toDoubles();
            double[] bv = b == null ? new double[(int) channels] : b.toDoubles();
            long per = wv.length / channels;
            double[] nw = new double[wv.length];
            double[] nb = new double[(int) channels];
            for (int o = 0; o < channels; o++) {
                double s = scale[o] / Math.sqrt(var[o] + eps);
                for (long j = 0; j < per; j++) {
                    nw[(int) (o * per + j)] = wv[(int) (o * per + j)] * s;
                }
                nb[o] = (bv[o] - mean[o]) * s + shift[o];
            }
            String base = bn.output(0);
            String wn = unique(base + "::bn_folded_weight");
            String bnName = unique(base + "::bn_folded_bias");
            added.put(wn, tensor(wn, t, ws, nw));
            added.put(bnName, tensor(bnName, t, new long[] {channels}, nb));
            out.set(ci, conv.withValues(List.of(conv.input(0), wn, bnName), List.of(bn.output(0))));
            removed.add(i);
            folded++;
            notes.add("inference rewrite: " + bn.describe() + " folded into " + conv.describe());
        }
        if (folded == 0) {
            return list;
        }
        List<OnnxNode> kept = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            if (!removed.contains(i)) {
                kept.add(out.get(i));
            }
        }
        return kept;
    }

    private String unique(String name) {
        String n = name;
        for (int k = 2; known.containsKey(n) || added.containsKey(n); k++) {
            n = name + "_" + k;
        }
        return n;
    }

    private static TensorValue tensor(String name, DataType t, long[] shape, double[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * t.getNumOfBytes()).order(ByteOrder.nativeOrder());
        for (double d : v) {
            if (t == DataType.FLOAT32) {
                b.putFloat((float) d);
            } else {
                b.putDouble(d);
            }
        }
        b.flip();
        return new TensorValue(name, t, shape, b);
    }

    // ---- dead code -----------------------------------------------------------------------------------------------

    private List<OnnxNode> dropDeadNodes(List<OnnxNode> list) {
        Set<String> live = new HashSet<>(outputs);
        boolean[] keep = new boolean[list.size()];
        for (int i = list.size() - 1; i >= 0; i--) {
            OnnxNode n = list.get(i);
            for (String o : n.outputs()) {
                keep[i] |= !o.isEmpty() && live.contains(o);
            }
            if (keep[i]) {
                n.inputs().stream().filter(s -> !s.isEmpty()).forEach(live::add);
            }
        }
        List<OnnxNode> out = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (keep[i]) {
                out.add(list.get(i));
            } else {
                dropped.add(list.get(i).name());
            }
        }
        if (!dropped.isEmpty()) {
            notes.add("inference rewrite: dropped " + dropped.size() + " node(s) no graph output depends on: " + dropped);
        }
        return out;
    }

    private List<OnnxNode> dropDeadOutputs(List<OnnxNode> list) {
        Map<String, Integer> consumers = consumers(list);
        List<OnnxNode> out = new ArrayList<>();
        for (OnnxNode n : list) {
            if (!n.domain().isEmpty() || !TRIMMABLE_OUTPUTS.contains(n.opType()) || n.outputs().size() < 2) {
                out.add(n);
                continue;
            }
            List<String> outs = new ArrayList<>(n.outputs());
            boolean changed = false;
            for (int j = 1; j < outs.size(); j++) {
                if (!outs.get(j).isEmpty() && !consumers.containsKey(outs.get(j))) {
                    outs.set(j, "");
                    changed = true;
                }
            }
            while (outs.size() > 1 && outs.get(outs.size() - 1).isEmpty()) {
                outs.remove(outs.size() - 1);
            }
            if (changed) {
                notes.add("inference rewrite: unused outputs of " + n.describe() + " dropped");
                out.add(n.withValues(n.inputs(), outs));
            } else {
                out.add(n);
            }
        }
        return out;
    }
}
