package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Recurrent layers LSTM, GRU and RNN (opsets 7 and 14, whose {@code layout = 1} puts the batch axis first) as torch's
 * own recurrent operators (lstm, gru, rnn_tanh, rnn_relu), which torch.nn.LSTM/GRU/RNN run and export to one node each.
 *
 * <p>ONNX and torch order the gates differently: ONNX LSTM weight rows are [i, o, f, c], torch's [i, f, g, o]; ONNX
 * GRU's [z, r, h], torch's [r, z, n]. The op reorders the rows of W, R and B at run time, so gradients reach the ONNX
 * weights. B (Wb then Rb per direction) may be absent (no bias); initial_h/initial_c default to zeros. Direction
 * reverse runs forward over the time-reversed sequence; bidirectional uses torch's bidirectional form. Outputs are in
 * ONNX's layouts: Y [seq, num_directions, batch, hidden] (layout 1: [batch, seq, num_directions, hidden]), Y_h and
 * Y_c [num_directions, batch, hidden] (layout 1: [batch, num_directions, hidden]).
 *
 * <p>torch's GRU is ONNX's {@code linear_before_reset = 1} (what torch exports); the ONNX default
 * {@code linear_before_reset = 0}, {@code h~ = tanh(x·Wh + (r ⊙ h)·Rh + Wbh + Rbh)}, is computed step by step.
 * Refused, naming the node: activations other than the defaults (Sigmoid/Tanh/Tanh for LSTM, Sigmoid/Tanh for GRU;
 * RNN also takes Relu, torch's nonlinearity='relu'), activation_alpha/beta, clip, input_forget = 1, non-zero peepholes
 * P, and sequence_lens other than the full sequence length (checked per call when not a constant).
 */
final class RecurrentConverters {

    private RecurrentConverters() {}

    static void register(ConverterRegistry r) {
        for (String op : new String[] {"LSTM", "GRU", "RNN"}) {
            r.register("", op, 7, (n, c) -> recurrent(n, c, op));
            r.register("", op, 14, (n, c) -> recurrent(n, c, op));
        }
    }

    private static GraphOp recurrent(OnnxNode n, ConversionContext c, String kind) {
        boolean lstm = kind.equals("LSTM");
        boolean gru = kind.equals("GRU");
        List<String> known = new ArrayList<>(List.of("activation_alpha", "activation_beta", "activations", "clip",
                "direction", "hidden_size", "layout"));
        if (lstm || gru) {
            known.add(lstm ? "input_forget" : "linear_before_reset");
        }
        n.allowOnly(known.toArray(new String[0]));
        for (String a : new String[] {"clip", "activation_alpha", "activation_beta"}) {
            if (n.has(a)) {
                throw OnnxImportException.atNode(n, "attribute '" + a + "' is not supported");
            }
        }
        if (lstm && n.getInt("input_forget", 0) != 0) {
            throw OnnxImportException.atNode(n, "attribute 'input_forget' = 1 (coupled input and forget gates) is not supported");
        }
        String direction = n.getString("direction", "forward");
        if (!List.of("forward", "reverse", "bidirectional").contains(direction)) {
            throw OnnxImportException.atNode(n, "attribute 'direction' = '" + direction
                    + "' is not forward, reverse or bidirectional");
        }
        long layout = n.getInt("layout", 0);
        if (layout != 0 && layout != 1) {
            throw OnnxImportException.atNode(n, "attribute 'layout' = " + layout + " is not 0 or 1");
        }
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        String rnnOp = activations(n, kind, dirs);
        long hiddenSize = n.getInt("hidden_size", -1);
        boolean peepholeCheck = lstm && !n.input(7).isEmpty() && !isZero(n, c, 7);
        TensorValue lensValue = n.input(4).isEmpty() ? null : c.constant(n.input(4));
        long[] lens = lensValue == null ? null : lensValue.toLongs();

        // the TorchScript op takes X, W, R and those of B, initial_h, initial_c the node has
        List<Integer> use = new ArrayList<>(List.of(0, 1, 2));
        for (int i : lstm ? new int[] {3, 5, 6} : new int[] {3, 5}) {
            if (!n.input(i).isEmpty()) {
                use.add(i);
            }
        }
        boolean loop = gru && n.getInt("linear_before_reset", 0) == 0;
        String head = head(use, lstm, dirs, layout, lstm ? 4 : gru ? 3 : 1, loop);
        String tail = layout == 0 ? "" : "y = y.permute([2, 0, 1, 3])\nhn = hn.transpose(0, 1)\n"
                + (lstm ? "cn = cn.transpose(0, 1)\n" : "");
        tail += lstm ? "return (y, hn, cn)" : "return (y, hn)";
        int outs = lstm ? 3 : 2;
        TorchScriptOp eval;
        TorchScriptOp train;
        if (loop) {
            eval = TorchScriptOp.of(n, use.size(), outs, head + gruLoop(direction) + tail);
            train = eval;
        } else {
            boolean bias = use.contains(3);
            eval = TorchScriptOp.of(n, use.size(), outs, head + torchCall(kind, rnnOp, direction, bias, false) + tail);
            train = TorchScriptOp.of(n, use.size(), outs, head + torchCall(kind, rnnOp, direction, bias, true) + tail);
        }
        if (lens != null) {
            checkLengths(n, lens, -1);
        }
        // the compiled forward runs the same TorchScript; nodes whose checks read tensors at run time (sequence_lens,
        // peepholes) have no script form and keep the graph node by node
        int[] args = use.stream().mapToInt(Integer::intValue).toArray();
        ScriptForm form = peepholeCheck || !n.input(4).isEmpty() ? null
                : eval.script().remap(args).withTrain(train.script().body());
        return new GraphOp() {
            @Override
            public ScriptForm script() {
                return form;
            }

            @Override
            public NDArray[] apply(NDArray[] in) {
                return apply(in, false);
            }

            @Override
            public NDArray[] apply(NDArray[] in, boolean training) {
                long[] x = in[0].getShape().getShape();
                long[] r = in[2].getShape().getShape();
                if (x.length != 3 || r.length != 3 || r[0] != dirs || hiddenSize >= 0 && r[2] != hiddenSize) {
                    throw new IllegalArgumentException(n.describe() + ": X " + Arrays.toString(x) + " and R " + Arrays.toString(r)
                            + " do not have the shapes [seq, batch, input] and [" + dirs + ", gates·hidden, hidden]"
                            + (hiddenSize >= 0 ? " with hidden = " + hiddenSize : ""));
                }
                if (in.length > 4 && in[4] != null) {
                    checkLengths(n, lens != null ? lens : Nd.longs(in[4]), x[layout == 0 ? 0 : 1]);
                }
                if (peepholeCheck && in[7] != null && in[7].abs().max().toType(DataType.FLOAT64, false).getDouble() != 0) {
                    throw new IllegalArgumentException(n.describe() + ": peepholes (input P) are not supported"
                            + " (only absent or all zero)");
                }
                NDArray[] args = new NDArray[use.size()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = in[use.get(i)];
                }
                NDArray[] out = (training ? train : eval).apply(args);
                return Arrays.copyOf(out, Math.min(out.length, n.outputs().size()));
            }
        };
    }

    /**
     * The torch operator for the node's activations (rnn_tanh or rnn_relu for RNN, else the op's own), refusing all but
     * the defaults. The list holds the activations of one direction, repeated per direction; a single entry for a
     * bidirectional RNN (what torch exports) applies to both.
     */
    private static String activations(OnnxNode n, String kind, int dirs) {
        List<String> dflt = kind.equals("LSTM") ? List.of("sigmoid", "tanh", "tanh")
                : kind.equals("GRU") ? List.of("sigmoid", "tanh") : List.of("tanh");
        List<String> given = n.getStrings("activations", null);
        if (given == null) {
            return kind.equals("RNN") ? "rnn_tanh" : kind.toLowerCase(Locale.ROOT);
        }
        List<String> lower = new ArrayList<>();
        given.forEach(s -> lower.add(s.toLowerCase(Locale.ROOT)));
        if (kind.equals("RNN") && (lower.size() == 1 || lower.size() == dirs) && lower.stream().distinct().count() == 1
                && (lower.get(0).equals("tanh") || lower.get(0).equals("relu"))) {
            return "rnn_" + lower.get(0);
        }
        List<String> expected = new ArrayList<>();
        for (int d = 0; d < dirs; d++) {
            expected.addAll(dflt);
        }
        if (!lower.equals(expected) && !lower.equals(dflt)) {
            throw OnnxImportException.atNode(n, "attribute 'activations' = " + given + " is not supported (only the defaults "
                    + dflt + (kind.equals("RNN") ? " or Relu" : "") + ")");
        }
        return kind.equals("RNN") ? "rnn_tanh" : kind.toLowerCase(Locale.ROOT);
    }

    /** Whether input {@code i} is an import-time constant of zeros (peepholes that change nothing). */
    private static boolean isZero(OnnxNode n, ConversionContext c, int i) {
        TensorValue v = c.constant(n.input(i));
        if (v == null) {
            return false;
        }
        for (double d : v.toDoubles()) {
            if (d != 0) {
                throw OnnxImportException.atNode(n, "peepholes (input P) are not supported (only absent or all zero)");
            }
        }
        return true;
    }

    /** Refuses sequence_lens that are not all {@code seq} (any one common value when seq is -1, at import). */
    private static void checkLengths(OnnxNode n, long[] lens, long seq) {
        for (long l : lens) {
            if (l != (seq < 0 ? lens[0] : seq)) {
                String msg = "sequence_lens " + Arrays.toString(lens) + " are not supported: only sequences of the full length"
                        + (seq < 0 ? "" : " " + seq) + " (per-sequence lengths would need packed sequences)";
                throw seq < 0 ? OnnxImportException.atNode(n, msg) : new IllegalArgumentException(n.describe() + ": " + msg);
            }
        }
    }

    /**
     * TorchScript naming the inputs x [seq, batch, input] (seq-first whatever the layout), w, r, b (zeros when absent
     * and the step loop needs them), h0 and c0 [dirs, batch, hidden] (zeros when absent), and hid.
     */
    private static String head(List<Integer> use, boolean lstm, int dirs, long layout, int gates, boolean needBias) {
        StringBuilder s = new StringBuilder("x = a0\nw = a1\nr = a2\nhid = r.size(2)\n");
        if (layout == 1) {
            s.append("x = x.transpose(0, 1)\n");
        }
        String t = layout == 1 ? ".transpose(0, 1)" : "";
        int idx = use.contains(3) ? use.indexOf(3) : -1;
        if (idx >= 0) {
            s.append("b = a").append(idx).append('\n');
        } else if (needBias) {
            s.append("b = x.new_zeros([").append(dirs).append(", ").append(2 * gates).append(" * hid])\n");
        }
        String zeros = "x.new_zeros([" + dirs + ", x.size(1), hid])";
        s.append("h0 = ").append(use.contains(5) ? "a" + use.indexOf(5) + t : zeros).append('\n');
        if (lstm) {
            s.append("c0 = ").append(use.contains(6) ? "a" + use.indexOf(6) + t : zeros).append('\n');
        }
        return s.toString();
    }

    /**
     * TorchScript running torch's operator ({@code op}: lstm, gru, rnn_tanh, rnn_relu) with the weights reordered to
     * torch's gate order, setting y [seq, dirs, batch, hidden], hn (and cn). Its train flag is the block's, or true
     * while autograd records (with no dropout the result is the same, and cuDNN can only differentiate the train form).
     */
    private static String torchCall(String kind, String op, String direction, boolean bias, boolean train) {
        String reorder = kind.equals("LSTM") ? "torch.cat([t[:hid], t[2 * hid:], t[hid:2 * hid]])" // [i o f c] -> [i f c o]
                : kind.equals("GRU") ? "torch.cat([t[hid:2 * hid], t[:hid], t[2 * hid:]])" // [z r h] -> [r z h]
                : "t";
        int gates = kind.equals("LSTM") ? 4 : kind.equals("GRU") ? 3 : 1;
        boolean reverse = direction.equals("reverse");
        boolean bidirectional = direction.equals("bidirectional");
        String state = kind.equals("LSTM") ? "[h0, c0]" : "h0";
        return "params = annotate(List[Tensor], [])\n"
                + "for d in range(" + (bidirectional ? 2 : 1) + "):\n"
                + "  ts = [w[d], r[d]" + (bias ? ", b[d, :" + gates + " * hid], b[d, " + gates + " * hid:]" : "") + "]\n"
                + "  for t in ts:\n"
                + "    params.append(" + reorder + ")\n"
                + "o = torch." + op + "(" + (reverse ? "x.flip([0])" : "x") + ", " + state + ", params, " + py(bias) + ", 1, 0., "
                + (train ? "True" : "torch.is_grad_enabled()") + ", " + py(bidirectional) + ", False)\n"
                + "y = o[0]" + (reverse ? ".flip([0])" : "") + "\n"
                + "y = y.reshape([x.size(0), x.size(1), " + (bidirectional ? 2 : 1) + ", hid]).transpose(1, 2)\n"
                + "hn = o[1]\n"
                + (kind.equals("LSTM") ? "cn = o[2]\n" : "");
    }

    /**
     * TorchScript for GRU with linear_before_reset = 0, step by step per direction (ONNX GRU spec, default activations):
     * {@code z = σ(x·Wz + h·Rz + Wbz + Rbz)}, {@code r = σ(x·Wr + h·Rr + Wbr + Rbr)},
     * {@code h~ = tanh(x·Wh + (r ⊙ h)·Rh + Wbh + Rbh)}, {@code h = (1 - z) ⊙ h~ + z ⊙ h}.
     */
    private static String gruLoop(String direction) {
        String reversed = direction.equals("reverse") ? "True" : direction.equals("bidirectional") ? "d == 1" : "False";
        return String.join("\n",
                "ys = annotate(List[Tensor], [])",
                "hs = annotate(List[Tensor], [])",
                "for d in range(h0.size(0)):",
                "  rev = " + reversed,
                "  xd = x.flip([0]) if rev else x",
                "  gx = torch.matmul(xd, w[d].t()) + b[d, :3 * hid]",
                "  rd = r[d]",
                "  rb = b[d, 3 * hid:]",
                "  h = h0[d]",
                "  steps = annotate(List[Tensor], [])",
                "  for s in range(x.size(0)):",
                "    gh = torch.matmul(h, rd[:2 * hid].t()) + rb[:2 * hid]",
                "    z = torch.sigmoid(gx[s, :, :hid] + gh[:, :hid])",
                "    rr = torch.sigmoid(gx[s, :, hid:2 * hid] + gh[:, hid:])",
                "    hh = torch.tanh(gx[s, :, 2 * hid:] + torch.matmul(rr * h, rd[2 * hid:].t()) + rb[2 * hid:])",
                "    h = (1. - z) * hh + z * h",
                "    steps.append(h)",
                "  y = torch.stack(steps)",
                "  ys.append(y.flip([0]) if rev else y)",
                "  hs.append(h)",
                "y = torch.stack(ys, 1)",
                "hn = torch.stack(hs)",
                "");
    }

    private static String py(boolean b) {
        return b ? "True" : "False";
    }
}
