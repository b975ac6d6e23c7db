package io.github.torchact.onnx.export;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** DJL's core blocks: SequentialBlock, Linear, Conv1d/2d/3d, BatchNorm, LayerNorm, Dropout, Embedding. */
final class CoreExporters {

    private CoreExporters() {}

    static List<BlockExporter> all() {
        return List.of(
                of(SequentialBlock.class, CoreExporters::sequential),
                of(Linear.class, CoreExporters::linear),
                of(Convolution.class, CoreExporters::convolution),
                of(BatchNorm.class, CoreExporters::batchNorm),
                of(LayerNorm.class, CoreExporters::layerNorm),
                of(Dropout.class, (b, in) -> in.inputs), // inference: the identity, as torch's exporter drops it
                of(Embedding.class, CoreExporters::embedding));
    }

    /** What an exporter function gets: the block's inputs and the context. */
    static final class In {
        final List<String> inputs;
        final ExportContext ctx;

        In(List<String> inputs, ExportContext ctx) {
            this.inputs = inputs;
            this.ctx = ctx;
        }

        String x() {
            return inputs.get(0);
        }

        Shape shape(Block block) {
            Shape s = ctx.shape(x());
            if (s == null) {
                throw new OnnxExportException("block '" + ctx.path() + "' " + ExportContext.describe(block) + ": its input shape is unknown");
            }
            return s;
        }
    }

    static <T extends Block> BlockExporter of(Class<T> type, BiFunction<T, In, List<String>> write) {
        return new BlockExporter() {
            @Override
            public boolean supports(Block block) {
                return type.isInstance(block);
            }

            @Override
            public List<String> export(Block block, List<String> inputs, ExportContext ctx) {
                return write.apply(type.cast(block), new In(inputs, ctx));
            }
        };
    }

    static Parameter param(Block block, String name) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            if (p.getKey().equals(name)) {
                return p.getValue();
            }
        }
        return null;
    }

    private static List<String> sequential(SequentialBlock block, In in) {
        if (block.isReturnIntermediate()) {
            throw new OnnxExportException("block '" + in.ctx.path() + "': a SequentialBlock returning intermediate outputs is not exported");
        }
        List<String> values = in.inputs;
        for (Pair<String, Block> child : block.getChildren()) {
            values = in.ctx.export(child.getKey(), child.getValue(), values);
        }
        return values;
    }

    /** Gemm (transB = 1) for 2-D input as torch writes nn.Linear; MatMul with the transposed weight, then Add, otherwise. */
    private static List<String> linear(Linear block, In in) {
        ExportContext ctx = in.ctx;
        Parameter bias = param(block, "bias");
        String w = ctx.parameter(param(block, "weight"));
        if (in.shape(block).dimension() == 2) {
            List<String> args = bias == null ? List.of(in.x(), w) : List.of(in.x(), w, ctx.parameter(bias));
            return List.of(ctx.node("Gemm", args, Attrs.f("alpha", 1), Attrs.f("beta", 1), Attrs.i("transB", 1)));
        }
        String y = ctx.node("MatMul", List.of(in.x(), ctx.node("Transpose", List.of(w), Attrs.ints("perm", 1, 0))));
        return List.of(bias == null ? y : ctx.node("Add", List.of(y, ctx.parameter(bias))));
    }

    private static List<String> convolution(Convolution block, In in) {
        ExportContext ctx = in.ctx;
        List<String> args = new ArrayList<>(List.of(in.x(), ctx.parameter(param(block, "weight"))));
        if (block.isIncludeBias()) {
            args.add(ctx.parameter(param(block, "bias")));
        }
        long[] pad = block.getPadding().getShape();
        long[] pads = new long[pad.length * 2];
        for (int i = 0; i < pad.length; i++) {
            pads[i] = pad[i];
            pads[i + pad.length] = pad[i];
        }
        return List.of(ctx.node("Conv", args, Attrs.ints("dilations", block.getDilation().getShape()),
                Attrs.i("group", block.getGroups()), Attrs.ints("kernel_shape", block.getKernelShape().getShape()),
                Attrs.ints("pads", pads), Attrs.ints("strides", block.getStride().getShape())));
    }

    private static List<String> batchNorm(BatchNorm block, In in) {
        ExportContext ctx = in.ctx;
        int rank = in.shape(block).dimension();
        int axis = (Integer) Reflect.field(block, BatchNorm.class, "axis");
        if (axis != 1 && axis + rank != 1) {
            throw new OnnxExportException("block '" + ctx.path() + "' " + ExportContext.describe(block) + ": BatchNorm over axis "
                    + axis + "; ONNX BatchNormalization normalises axis 1 only");
        }
        float epsilon = (Float) Reflect.field(block, BatchNorm.class, "epsilon");
        List<String> args = List.of(in.x(), ctx.parameter(param(block, "gamma")), ctx.parameter(param(block, "beta")),
                ctx.parameter(param(block, "runningMean")), ctx.parameter(param(block, "runningVar")));
        return List.of(ctx.node("BatchNormalization", args, Attrs.f("epsilon", epsilon)));
    }

    /**
     * LayerNormalization from opset 17; before it torch's chain: (x - mean) / sqrt(var + eps) · gamma + beta with
     * ReduceMean over the normalized (trailing) axes.
     */
    private static List<String> layerNorm(LayerNorm block, In in) {
        ExportContext ctx = in.ctx;
        Shape normalized = (Shape) Reflect.field(block, LayerNorm.class, "normalizedShape");
        float epsilon = (Float) Reflect.field(block, LayerNorm.class, "epsilon");
        String gamma = ctx.parameter(param(block, "gamma"));
        String beta = ctx.parameter(param(block, "beta"));
        int k = normalized.dimension();
        if (ctx.opset() >= 17) {
            return List.of(ctx.node("LayerNormalization", List.of(in.x(), gamma, beta), Attrs.i("axis", -k),
                    Attrs.f("epsilon", epsilon)));
        }
        long[] axes = new long[k];
        for (int i = 0; i < k; i++) {
            axes[i] = i - k;
        }
        String x = in.x();
        String centered = ctx.node("Sub", List.of(x, ctx.node("ReduceMean", List.of(x), Attrs.ints("axes", axes))));
        String variance = ctx.node("ReduceMean", List.of(ctx.node("Pow", List.of(centered, ctx.constant(x, 2)))),
                Attrs.ints("axes", axes));
        String std = ctx.node("Sqrt", List.of(ctx.node("Add", List.of(variance, ctx.constant(x, epsilon)))));
        String normed = ctx.node("Div", List.of(centered, std));
        return List.of(ctx.node("Add", List.of(ctx.node("Mul", List.of(normed, gamma)), beta)));
    }

    private static List<String> embedding(Embedding<?> block, In in) {
        ExportContext ctx = in.ctx;
        String weight = ctx.parameter(param(block, "embedding"));
        String y = ctx.node("Gather", List.of(weight, in.x()), Attrs.i("axis", 0));
        ctx.setType(y, ctx.type(weight));
        return List.of(y);
    }
}
