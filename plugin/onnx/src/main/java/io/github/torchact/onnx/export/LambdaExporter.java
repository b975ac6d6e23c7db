package io.github.torchact.onnx.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.pooling.Pool;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import java.util.List;
import java.util.function.Function;

/**
 * DJL's {@link LambdaBlock}s that can be identified: the {@link Activation} blocks ({@code reluBlock()},
 * {@code leakyReluBlock(a)}, ...), the {@link Pool} blocks (max and average pooling, 1-3-d, and their global forms),
 * {@code Blocks.identityBlock()} (and any lambda returning its input) and {@code Blocks.batchFlattenBlock()}. A lambda
 * is identified by the name the DJL factory gives it and the values its lambda captured, then checked: it must give
 * the same bits as the identified DJL function on a random input of its shape. Anything else (a user's lambda) is
 * refused, naming the block: wrap it in a block class and register a {@link BlockExporter}.
 */
final class LambdaExporter implements BlockExporter {

    @Override
    public boolean supports(Block block) {
        return block instanceof LambdaBlock;
    }

    /** An identified lambda: the DJL function it must equal and how to write it. */
    private interface Writer {
        String write(String x, ExportContext ctx, Shape outShape);
    }

    private static final class Candidate {
        final Function<NDArray, NDArray> function;
        final Writer writer;

        Candidate(Function<NDArray, NDArray> function, Writer writer) {
            this.function = function;
            this.writer = writer;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> export(Block block, List<String> inputs, ExportContext ctx) {
        LambdaBlock lambda = (LambdaBlock) block;
        Function<NDList, NDList> f = (Function<NDList, NDList>) Reflect.field(lambda, LambdaBlock.class, "lambda");
        List<Object> args = Reflect.captured(f);
        if (args != null && args.size() == 1 && args.get(0) instanceof Function) {
            args = Reflect.captured(args.get(0)); // LambdaBlock.singleton wraps the factory's function
        }
        String x = inputs.size() == 1 ? inputs.get(0) : null;
        Shape shape = x == null ? null : ctx.shape(x);
        Candidate c = args == null || x == null ? null : candidate(lambda.getName(), args);
        if (c == null && x != null) {
            c = new Candidate(a -> a, (in, cx, out) -> in); // a lambda returning its input: residual identity branches
        }
        String why = shape == null ? "its input shape is unknown" : null;
        Shape out = why == null && c != null ? check(f, c, shape, ctx.type(x), ctx) : null;
        if (out == null) {
            throw new OnnxExportException("block '" + ctx.path() + "' " + ExportContext.describe(block) + ": cannot identify"
                    + " the LambdaBlock '" + lambda.getName() + "'" + (why == null ? "" : " (" + why + ")")
                    + "; the exporter knows DJL's Activation and Pool blocks, identityBlock and batchFlattenBlock:"
                    + " wrap other functions in a block class and register a BlockExporter");
        }
        return List.of(c.writer.write(x, ctx, out));
    }

    /** The output shape if {@code f} gives the candidate's bits on a random input of {@code shape}, else null. */
    private static Shape check(Function<NDList, NDList> f, Candidate c, Shape shape, ai.djl.ndarray.types.DataType type, ExportContext ctx) {
        try (NDManager m = ctx.manager().newSubManager()) {
            NDArray probe = m.randomNormal(0, 3, shape, type, m.getDevice());
            NDList got = f.apply(new NDList(probe));
            NDArray want = c.function.apply(probe);
            if (got.size() == 1 && got.head().getShape().equals(want.getShape()) && got.head().contentEquals(want)) {
                return want.getShape();
            }
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Candidate activation(Function<NDArray, NDArray> f, Params p) {
        return new Candidate(f, (x, ctx, out) -> ActivationExporter.write(p, null, x, ctx));
    }

    private static Candidate candidate(String name, List<Object> a) {
        switch (name) {
            case "identity":
                return new Candidate(x -> x, (x, ctx, out) -> x);
            case "batchFlatten":
                return new Candidate(x -> x.reshape(x.getShape().get(0), -1),
                        (x, ctx, out) -> ctx.node("Flatten", List.of(x), Attrs.i("axis", 1)));
            case "ReLU":
                return activation(Activation::relu, Catalog.RELU.defaults());
            case "ReLU6":
                return activation(Activation::relu6, Catalog.RELU6.defaults());
            case "sigmoid":
                return activation(Activation::sigmoid, Catalog.SIGMOID.defaults());
            case "Tanh":
                return activation(Activation::tanh, Catalog.TANH.defaults());
            case "softPlus":
                return activation(Activation::softPlus, Catalog.SOFTPLUS.defaults());
            case "softSign":
                return activation(Activation::softSign, Catalog.SOFTSIGN.defaults());
            case "SELU":
                return activation(Activation::selu, Catalog.SELU.defaults());
            case "GELU":
                return activation(Activation::gelu, Catalog.GELU.defaults());
            case "Mish":
                // DJL 0.35's Activation.mish computes x·tanh(log2(1 + exp(x))) (log2, not ln: not Mish); written as it computes
                return new Candidate(Activation::mish, (x, ctx, out) -> {
                    String log = ctx.node("Log", List.of(ctx.node("Add", List.of(ctx.node("Exp", List.of(x)), ctx.constant(x, 1)))));
                    String log2 = ctx.node("Div", List.of(log, ctx.constant(x, Math.log(2))));
                    return ctx.node("Mul", List.of(x, ctx.node("Tanh", List.of(log2))));
                });
            case "LeakyReLU":
                return a.size() == 1 && a.get(0) instanceof Float
                        ? activation(x -> Activation.leakyRelu(x, (Float) a.get(0)), Catalog.LEAKY_RELU.params((Float) a.get(0)))
                        : null;
            case "ELU":
                return a.size() == 1 && a.get(0) instanceof Float
                        ? activation(x -> Activation.elu(x, (Float) a.get(0)), Catalog.ELU.params((Float) a.get(0)))
                        : null;
            case "Swish":
                if (a.size() != 1 || !(a.get(0) instanceof Float)) {
                    return null;
                }
                float beta = (Float) a.get(0);
                return new Candidate(x -> Activation.swish(x, beta), (x, ctx, out) -> ctx.node("Mul", List.of(x,
                        ctx.node("Sigmoid", List.of(beta == 1 ? x : ctx.node("Mul", List.of(x, ctx.constant(x, beta))))))));
            default:
                return pool(name, a);
        }
    }

    /**
     * Whether the engine counts the padding although asked not to: DJL 0.35's PyTorch JNI drops count_include_pad
     * (torch's default, true, always applies), so the block's values are those of count_include_pad = 1.
     */
    private static boolean countsPadding(Function<NDArray, NDArray> notCounting, int dims, Shape kernel, Shape stride, Shape pad,
            boolean ceil, String x, ExportContext ctx) {
        if (pad.getShape().length == 0 || java.util.Arrays.stream(pad.getShape()).allMatch(p -> p == 0)) {
            return false;
        }
        try (NDManager m = ctx.manager().newSubManager()) {
            NDArray probe = m.randomNormal(0, 3, ctx.shape(x), ctx.type(x), m.getDevice());
            NDArray counting = dims == 1 ? Pool.avgPool1d(probe, kernel, stride, pad, ceil, true)
                    : dims == 2 ? Pool.avgPool2d(probe, kernel, stride, pad, ceil, true) : Pool.avgPool3d(probe, kernel, stride, pad, ceil, true);
            return notCounting.apply(probe).contentEquals(counting);
        }
    }

    private static Candidate pool(String name, List<Object> a) {
        if (name.matches("global(Max|Avg)Pool[123]d")) {
            boolean max = name.startsWith("globalMax");
            int dims = name.charAt(name.length() - 2) - '0';
            Function<NDArray, NDArray> f = x -> max
                    ? (dims == 1 ? Pool.globalMaxPool1d(x) : dims == 2 ? Pool.globalMaxPool2d(x) : Pool.globalMaxPool3d(x))
                    : (dims == 1 ? Pool.globalAvgPool1d(x) : dims == 2 ? Pool.globalAvgPool2d(x) : Pool.globalAvgPool3d(x));
            return new Candidate(f, (x, ctx, out) -> {
                String y = ctx.node(max ? "GlobalMaxPool" : "GlobalAveragePool", List.of(x));
                return out.dimension() == 2 ? ctx.node("Flatten", List.of(y), Attrs.i("axis", 1)) : y;
            });
        }
        boolean maxPool = name.matches("maxPool[123]d") && a.size() == 4;
        boolean avgPool = name.matches("avgPool[123]d") && a.size() == 5;
        if (!maxPool && !avgPool || !(a.get(0) instanceof Shape && a.get(1) instanceof Shape && a.get(2) instanceof Shape)) {
            return null;
        }
        Shape kernel = (Shape) a.get(0);
        Shape stride = (Shape) a.get(1);
        Shape pad = (Shape) a.get(2);
        boolean ceil = (Boolean) a.get(3);
        int dims = name.charAt(name.length() - 2) - '0';
        long[] p = pad.getShape();
        long[] pads = new long[p.length * 2];
        for (int i = 0; i < p.length; i++) {
            pads[i] = p[i];
            pads[i + p.length] = p[i];
        }
        if (maxPool) {
            Function<NDArray, NDArray> f = x -> dims == 1 ? Pool.maxPool1d(x, kernel, stride, pad, ceil)
                    : dims == 2 ? Pool.maxPool2d(x, kernel, stride, pad, ceil) : Pool.maxPool3d(x, kernel, stride, pad, ceil);
            return new Candidate(f, (x, ctx, out) -> ctx.node("MaxPool", List.of(x), Attrs.i("ceil_mode", ceil ? 1 : 0),
                    Attrs.ints("kernel_shape", kernel.getShape()), Attrs.ints("pads", pads), Attrs.ints("strides", stride.getShape())));
        }
        boolean asked = (Boolean) a.get(4);
        Function<NDArray, NDArray> f = x -> dims == 1 ? Pool.avgPool1d(x, kernel, stride, pad, ceil, asked)
                : dims == 2 ? Pool.avgPool2d(x, kernel, stride, pad, ceil, asked)
                : Pool.avgPool3d(x, kernel, stride, pad, ceil, asked);
        return new Candidate(f, (x, ctx, out) -> ctx.node("AveragePool", List.of(x), Attrs.i("ceil_mode", ceil ? 1 : 0),
                Attrs.i("count_include_pad", asked || countsPadding(f, dims, kernel, stride, pad, ceil, x, ctx) ? 1 : 0), Attrs.ints("kernel_shape", kernel.getShape()),
                Attrs.ints("pads", pads), Attrs.ints("strides", stride.getShape())));
    }
}
