package io.github.torchact.onnx;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

import io.github.torchact.engine.ActivationRouter;
import io.github.torchact.torchscript.TorchScriptArchive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A node computed by libtorch's own operators where DJL's NDArray API has no call with ONNX's meaning
 * (LayerNormalization, Gather, ScatterND, Pad, Resize, Einsum, ...): a generated TorchScript function of the
 * node's tensor inputs {@code a0, a1, ...} with the attributes written as literals, loaded once per source and
 * device and run through DJL's PyTorch engine. Autograd records the call inside a {@code GradientCollector}, so
 * gradients are libtorch's. Needs the PyTorch engine; the message says so on any other.
 */
final class TorchScriptOp implements GraphOp {

    private static final String CLASS_NAME = "TorchactOnnxOp";
    // DJL's IValueUtils reads names with a dot, "name[]", "name()" or "module_method:" as structure
    private static final Pattern SPECIAL_NAME = Pattern.compile(".*\\..*|\\w+\\[]|\\w+\\(\\)|module_method:.*");
    private static final int CACHE_LIMIT = 512;
    // source + device -> module; evicted modules stay alive while an op holds them, and close when unreachable
    private static final Map<String, Model> CACHE = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Model> e) {
            return size() > CACHE_LIMIT;
        }
    });

    private final OnnxNode node;
    private final String source;
    private final ScriptForm form;
    private final Map<Device, Model> modules = new java.util.concurrent.ConcurrentHashMap<>();

    private TorchScriptOp(OnnxNode node, String source, ScriptForm form) {
        this.node = node;
        this.source = source;
        this.form = form;
    }

    /**
     * An op whose TorchScript body (statements ending in {@code return}) reads the tensors {@code a0..a(inputs-1)}
     * and returns {@code outputs} tensors (a tuple when more than one).
     */
    static TorchScriptOp of(OnnxNode node, int inputs, int outputs, String body) {
        StringBuilder sb = new StringBuilder()
                .append("class ").append(CLASS_NAME).append("(Module):\n")
                .append("  __parameters__ = []\n  __buffers__ = []\n  training : bool\n")
                .append("  def forward(self: __torch__.").append(CLASS_NAME);
        for (int i = 0; i < inputs; i++) {
            sb.append(",\n    a").append(i).append(": Tensor");
        }
        sb.append(") -> ");
        if (outputs == 1) {
            sb.append("Tensor");
        } else {
            sb.append("Tuple[");
            for (int i = 0; i < outputs; i++) {
                sb.append(i == 0 ? "Tensor" : ", Tensor");
            }
            sb.append(']');
        }
        sb.append(":\n");
        for (String line : body.split("\n")) {
            sb.append("    ").append(line).append('\n');
        }
        return new TorchScriptOp(node, sb.toString(), ScriptForm.of(inputs, outputs, body));
    }

    /** The generated TorchScript source (for reports and tests). */
    String source() {
        return source;
    }

    /** The body over the node's first inputs (a wrapper that passes other inputs remaps it). */
    @Override
    public ScriptForm script() {
        return form;
    }

    @Override
    public NDArray[] apply(NDArray[] in) {
        NDList list = new NDList(in.length);
        for (NDArray a : in) {
            if (a == null) {
                throw new IllegalStateException(node.describe() + ": an omitted optional input reached its TorchScript form");
            }
            list.add(plain(a));
        }
        NDArray first = in[0];
        if (!ActivationRouter.isPyTorch(first)) {
            throw new UnsupportedOperationException(node.describe() + " runs libtorch's operators and needs DJL's PyTorch engine, not "
                    + first.getManager().getEngine().getEngineName());
        }
        Model module = modules.computeIfAbsent(first.getDevice(), this::load);
        // training = true leaves libtorch's grad mode alone: autograd records the call exactly when a
        // GradientCollector is open, as for a built-in NDArray operation
        NDList out = module.getBlock().forward(new ParameterStore(first.getManager(), false), list, true);
        return out.toArray(new NDArray[0]);
    }

    private Model load(Device device) {
        return CACHE.computeIfAbsent(source + "@" + device, k -> {
            try {
                ByteArrayOutputStream zip = new ByteArrayOutputStream();
                TorchScriptArchive.write(zip, CLASS_NAME, source);
                Model model = Model.newInstance("onnx-op", device, ActivationRouter.PYTORCH);
                model.load(new ByteArrayInputStream(zip.toByteArray()));
                return model;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (MalformedModelException | RuntimeException e) {
                throw new IllegalStateException(node.describe() + ": libtorch rejected the generated TorchScript:\n" + source, e);
            }
        });
    }

    /** {@code a}, or an unnamed view of it when DJL would read its name as a list, tuple or dict. */
    private static NDArray plain(NDArray a) {
        String name = a.getName();
        return name != null && SPECIAL_NAME.matcher(name).matches() ? a.reshape(a.getShape()) : a;
    }

    /** A TorchScript float literal that parses back to exactly {@code v} (as a float32 attribute widened). */
    static String literal(double v) {
        if (Double.isNaN(v)) {
            return "float(\"nan\")";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "float(\"inf\")" : "float(\"-inf\")";
        }
        String s = Double.toString(v).replace('E', 'e');
        return v < 0 ? "(" + s + ")" : s;
    }

    /** A TorchScript int list literal. */
    static String ints(long... v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(v[i]);
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return "TorchScript " + node.opType();
    }
}
