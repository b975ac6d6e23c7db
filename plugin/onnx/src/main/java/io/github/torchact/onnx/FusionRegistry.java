package io.github.torchact.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fusion patterns keyed by the ONNX op type of their anchor and the opset they apply from. {@link PatternFuser}
 * tries, at each node, the patterns of its op type that apply under the model's opset, in registration order, and
 * takes the first match.
 */
final class FusionRegistry {

    private static final class Entry {
        final long sinceOpset;
        final FusionPattern pattern;

        Entry(long sinceOpset, FusionPattern pattern) {
            this.sinceOpset = sinceOpset;
            this.pattern = pattern;
        }
    }

    private final Map<String, List<Entry>> byAnchor = new HashMap<>();

    /** Registers {@code p} for anchors of ONNX op type {@code anchorOp} from opset {@code sinceOpset} on. */
    FusionRegistry register(String anchorOp, long sinceOpset, FusionPattern p) {
        byAnchor.computeIfAbsent(anchorOp, k -> new ArrayList<>()).add(new Entry(sinceOpset, p));
        return this;
    }

    /** The first match at {@code anchor} (an ONNX-domain node) under {@code graph}'s opset, or null. */
    FusionMatch match(OnnxNode anchor, FusionGraph graph) {
        for (Entry e : byAnchor.getOrDefault(anchor.opType(), List.of())) {
            FusionMatch m = e.sinceOpset <= graph.opset() ? e.pattern.match(anchor, graph) : null;
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** Every pattern this module provides. */
    static FusionRegistry standard() {
        FusionRegistry r = new FusionRegistry();
        GeluPattern.register(r);
        GeluTanhPattern.register(r);
        SiluPattern.register(r);
        MishPattern.register(r);
        HardswishPattern.register(r);
        GluPattern.register(r);
        SoftsignPattern.register(r);
        SoftplusPattern.register(r);
        HardshrinkPattern.register(r);
        SoftshrinkPattern.register(r);
        LogsigmoidPattern.register(r);
        TanhshrinkPattern.register(r);
        SoftminPattern.register(r);
        FunnelPattern.register(r);
        return r;
    }
}
