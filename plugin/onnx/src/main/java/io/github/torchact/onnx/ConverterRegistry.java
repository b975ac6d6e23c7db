package io.github.torchact.onnx;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Converters keyed by (domain, op type, since-version). A model importing opset {@code v} gets, per op, the
 * converter with the largest since-version {@code <= v}; an op whose first converter is newer than the model's
 * opset, or that has none, is refused naming the node.
 */
public final class ConverterRegistry {

    private final Map<String, TreeMap<Long, OpConverter>> byOp = new HashMap<>();

    /** Registers {@code c} for {@code domain:opType} from opset {@code sinceVersion} on. */
    public ConverterRegistry register(String domain, String opType, long sinceVersion, OpConverter c) {
        byOp.computeIfAbsent(key(domain, opType), k -> new TreeMap<>()).put(sinceVersion, c);
        return this;
    }

    /** The converter for {@code node} under {@code opset}. */
    public OpConverter resolve(OnnxNode node, long opset) {
        TreeMap<Long, OpConverter> versions = byOp.get(key(node.domain(), node.opType()));
        if (versions == null) {
            throw OnnxImportException.atNode(node, "unsupported operator (no converter for domain '"
                    + node.domain() + "', op '" + node.opType() + "')");
        }
        Map.Entry<Long, OpConverter> e = versions.floorEntry(opset);
        if (e == null) {
            throw OnnxImportException.atNode(node, "no converter for opset " + opset + " (supported from "
                    + versions.firstKey() + ")");
        }
        return e.getValue();
    }

    /** The since-version {@code node} resolves to under {@code opset}. */
    public long sinceVersion(OnnxNode node, long opset) {
        TreeMap<Long, OpConverter> versions = byOp.get(key(node.domain(), node.opType()));
        return versions == null || versions.floorKey(opset) == null ? -1 : versions.floorKey(opset);
    }

    /** Registered "domain:op@since" keys, sorted (for documentation and tests). */
    public Set<String> keys() {
        Set<String> out = new TreeSet<>();
        byOp.forEach((k, v) -> v.keySet().forEach(s -> out.add(k + "@" + s)));
        return out;
    }

    /**
     * The converter family of {@code domain:opType}: the simple name of the class that defines its newest
     * converter (e.g. {@code NnConverters}), or null if the op has none. Used to generate the README's table.
     */
    public String family(String domain, String opType) {
        TreeMap<Long, OpConverter> versions = byOp.get(key(domain, opType));
        if (versions == null) {
            return null;
        }
        String cls = versions.lastEntry().getValue().getClass().getName();
        cls = cls.substring(cls.lastIndexOf('.') + 1);
        int lambda = cls.indexOf('$');
        return lambda < 0 ? cls : cls.substring(0, lambda);
    }

    private static String key(String domain, String opType) {
        return domain + ":" + opType;
    }

    /** Every converter this module provides. */
    public static ConverterRegistry standard() {
        ConverterRegistry r = new ConverterRegistry();
        ActivationConverters.register(r);
        ElementwiseConverters.register(r);
        NnConverters.register(r);
        ShapeConverters.register(r);
        TensorConverters.register(r);
        RecurrentConverters.register(r);
        FunnelConverters.register(r);
        return r;
    }
}
