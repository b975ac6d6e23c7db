package io.github.torchact.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What the importer did: fusions, what each ONNX node became, which initializers became parameters. */
public final class ImportReport {

    /** One ONNX node and what it became. */
    public static final class Entry {
        /** The node name. */
        public final String node;
        /** The op type and since-version, or the fused pattern. */
        public final String opType;
        /** What the node became (catalog activation, TorchScript op, NDArray op, constant). */
        public final String became;

        Entry(String node, String opType, String became) {
            this.node = node;
            this.opType = opType;
            this.became = became;
        }

        @Override
        public String toString() {
            return node + " (" + opType + ") -> " + became;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<String> fusions = new ArrayList<>();
    private final List<String> parameters = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(String node, String op, String became) {
        entries.add(new Entry(node, op, became));
    }

    void fusion(String f) {
        fusions.add(f);
    }

    void parameter(String p) {
        parameters.add(p);
    }

    void note(String n) {
        notes.add(n);
    }

    /** One entry per node, in graph order. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** Each fusion as {@code catalog(params) <- [replaced ONNX nodes]}. */
    public List<String> fusions() {
        return Collections.unmodifiableList(fusions);
    }

    /** Initializers that became DJL parameters, with type and whether they train. */
    public List<String> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /** Notes: fusions, parameters, rewrites. */
    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ONNX import report\n");
        fusions.forEach(f -> sb.append("  fused: ").append(f).append('\n'));
        entries.forEach(e -> sb.append("  ").append(e).append('\n'));
        parameters.forEach(p -> sb.append("  parameter: ").append(p).append('\n'));
        notes.forEach(n -> sb.append("  note: ").append(n).append('\n'));
        return sb.toString();
    }
}
