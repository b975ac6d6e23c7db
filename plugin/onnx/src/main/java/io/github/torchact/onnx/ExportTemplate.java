package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.onnx.proto.OnnxMl;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The imported model, kept so an {@link OnnxGraphBlock} can be written back: the original graph (nodes, names,
 * opsets, metadata) with the initializers that became parameters emptied (filled with the current values on
 * export) and initializers stored as external data inlined, so the written model is one self-contained file.
 */
final class ExportTemplate {

    private final OnnxMl.ModelProto model;
    private final Set<String> parameters;

    private ExportTemplate(OnnxMl.ModelProto model, Set<String> parameters) {
        this.model = model;
        this.parameters = parameters;
    }

    static ExportTemplate of(OnnxModel source, Set<String> parameters) {
        OnnxMl.ModelProto.Builder m = source.proto().toBuilder();
        OnnxMl.GraphProto.Builder g = m.getGraphBuilder();
        Map<String, TensorValue> decoded = source.initializers();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            OnnxMl.TensorProto t = g.getInitializer(i);
            if (parameters.contains(t.getName())) {
                OnnxMl.TensorProto.Builder empty = OnnxMl.TensorProto.newBuilder().setName(t.getName())
                        .setDataType(t.getDataType()).addAllDims(t.getDimsList());
                g.setInitializer(i, empty.build());
            } else if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
                g.setInitializer(i, TensorEncoder.encode(t.getName(), decoded.get(t.getName())));
            }
        }
        return new ExportTemplate(m.build(), Set.copyOf(parameters));
    }

    /** The model with each parameter initializer holding {@code value.apply(name)}, in the initializer's element type. */
    OnnxMl.ModelProto fill(Function<String, NDArray> value) {
        OnnxMl.ModelProto.Builder m = model.toBuilder();
        OnnxMl.GraphProto.Builder g = m.getGraphBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            OnnxMl.TensorProto t = g.getInitializer(i);
            if (parameters.contains(t.getName())) {
                NDArray a = value.apply(t.getName());
                int type = t.getDataType();
                if (TensorEncoder.onnxType(a.getDataType()) != type) {
                    try (NDArray cast = a.toType(TensorProtos.dataType(type, t.getName()), false)) {
                        g.setInitializer(i, TensorEncoder.encode(t.getName(), cast));
                    }
                } else {
                    g.setInitializer(i, TensorEncoder.encode(t.getName(), a));
                }
            }
        }
        return m.build();
    }
}
