package io.github.torchact.onnx.export;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl;

import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.TensorEncoder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Writes a DJL block as an ONNX model that ONNX Runtime runs with the block's inference forward.
 *
 * <pre>{@code
 * OnnxMl.ModelProto model = OnnxExporter.toModel(block, ExportOptions.defaults().optSymbolicBatch(true), new Shape(1, 784));
 * OnnxExporter.export(block, Paths.get("model.onnx"), ExportOptions.defaults(), new Shape(1, 784));
 * }</pre>
 *
 * <p>Blocks: catalog activations in torch's exported form at the opset, SequentialBlock, ParallelBlock with a
 * concatenation or sum join, Linear, Conv1d/2d/3d, BatchNorm (axis 1), LayerNorm, Dropout (dropped), Embedding,
 * DJL's Activation and Pool lambda blocks, and users' blocks through {@link BlockExporter}s. Parameters become
 * initializers named by their DJL block path ({@code 01Linear_weight}, as {@code block.getParameters()} names them)
 * holding their current values. An {@link OnnxGraphBlock} made by the importer is written back as the model it was
 * imported from, with its current parameter values under the original names. A block no exporter handles raises
 * {@link OnnxExportException} naming the block and its path.
 */
public final class OnnxExporter {

    private OnnxExporter() {}

    /**
     * The ONNX model of {@code block} (initialised) for inputs of {@code inputShapes}; for an {@link OnnxGraphBlock},
     * the model it was imported from with its current parameters ({@code options} and shapes do not apply).
     *
     * @throws OnnxExportException naming the block if it (or a child) cannot be exported
     */
    public static OnnxMl.ModelProto toModel(Block block, ExportOptions options, Shape... inputShapes) {
        if (block instanceof OnnxGraphBlock) {
            return ((OnnxGraphBlock) block).toModelProto();
        }
        if (!block.isInitialized()) {
            throw new OnnxExportException("block " + ExportContext.describe(block) + " is not initialised: call"
                    + " block.initialize(manager, dataType, inputShapes) (or train it) before exporting");
        }
        if (inputShapes.length == 0) {
            throw new OnnxExportException("give the input shapes of " + ExportContext.describe(block));
        }
        Map<Parameter, String> names = new IdentityHashMap<>();
        NDManager owner = null;
        for (Pair<String, Parameter> p : block.getParameters()) {
            names.putIfAbsent(p.getValue(), p.getKey());
            if (owner == null && p.getValue().isInitialized()) {
                owner = p.getValue().getArray().getManager();
            }
        }
        try (NDManager manager = owner == null ? NDManager.newBaseManager() : owner.newSubManager()) {
            ExportContext ctx = new ExportContext(options, manager, exporters(options), names);
            List<String> inputs = names("input", options.inputNames(), inputShapes.length);
            OnnxMl.GraphProto.Builder graph = ctx.graph();
            for (int i = 0; i < inputs.size(); i++) {
                ctx.declare(inputs.get(i), options.inputType(), inputShapes[i]);
                graph.addInput(valueInfo(inputs.get(i), options.inputType(), inputShapes[i], options.symbolicBatch()));
            }
            List<String> outputs = ctx.export("", block, inputs);
            List<String> outputNames = names("output", options.outputNames(), outputs.size());
            Set<String> fixed = new HashSet<>(inputs);
            graph.getInitializerList().forEach(t -> fixed.add(t.getName()));
            for (int i = 0; i < outputs.size(); i++) {
                String value = outputs.get(i);
                String name = outputNames.get(i);
                if (fixed.contains(value) || outputs.subList(0, i).contains(value)) {
                    graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName("/" + name + "/Identity")
                            .addInput(value).addOutput(name));
                } else {
                    rename(graph, value, name);
                }
                fixed.add(name);
                Shape shape = ctx.shape(value);
                graph.addOutput(valueInfo(name, ctx.type(value), shape, options.symbolicBatch()));
            }
            graph.setName("torchact");
            OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                    .setIrVersion(irVersion(options.opset()))
                    .setProducerName("torchact")
                    .setProducerVersion("0.1.0")
                    .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()));
            ctx.extraOpsets().forEach((d, v) -> model.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(d).setVersion(v)));
            return model.setGraph(graph).build();
        }
    }

    /** Writes {@link #toModel} to {@code file}. */
    public static void export(Block block, Path file, ExportOptions options, Shape... inputShapes) throws IOException {
        OnnxMl.ModelProto model = toModel(block, options, inputShapes);
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
    }

    /** The IR version ONNX pairs with the opset (onnx/helper.py VERSION_TABLE): 13-14 → 7, 15-18 → 8, 19-20 → 9, 21 → 10. */
    static int irVersion(int opset) {
        return opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
    }

    private static List<BlockExporter> exporters(ExportOptions options) {
        List<BlockExporter> all = new ArrayList<>(options.exporters());
        ServiceLoader.load(BlockExporter.class).forEach(all::add);
        all.add(new ActivationExporter());
        all.addAll(CoreExporters.all());
        all.add(new ParallelExporter());
        all.add(new LambdaExporter());
        all.add(new ImportedGraphExporter());
        return all;
    }

    private static List<String> names(String base, List<String> given, int n) {
        if (!given.isEmpty()) {
            if (given.size() != n) {
                throw new OnnxExportException(n + " " + base + "s, but " + given.size() + " names given: " + given);
            }
            return given;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(n == 1 ? base : base + "_" + i);
        }
        return names;
    }

    private static void rename(OnnxMl.GraphProto.Builder graph, String from, String to) {
        for (OnnxMl.NodeProto.Builder n : graph.getNodeBuilderList()) {
            for (int i = 0; i < n.getInputCount(); i++) {
                if (n.getInput(i).equals(from)) {
                    n.setInput(i, to);
                }
            }
            for (int i = 0; i < n.getOutputCount(); i++) {
                if (n.getOutput(i).equals(from)) {
                    n.setOutput(i, to);
                }
            }
        }
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, DataType type, Shape shape, boolean symbolicBatch) {
        OnnxMl.TypeProto.Tensor.Builder t = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(TensorEncoder.onnxType(type));
        if (shape != null) {
            OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
            for (int d = 0; d < shape.dimension(); d++) {
                OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
                if (d == 0 && symbolicBatch) {
                    dim.setDimParam("batch");
                } else {
                    dim.setDimValue(shape.get(d));
                }
                s.addDim(dim);
            }
            t.setShape(s);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(t)).build();
    }
}
