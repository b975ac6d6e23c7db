package io.github.torchact.onnx.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@link ParallelBlock}: every branch from the same inputs, then the join. DJL keeps the join as an opaque
 * function, so it is identified by running it on random branch outputs of the branches' shapes and comparing with
 * the joins users write: concatenation along an axis ({@code NDArrays.concat(heads, axis)}, bitwise) and the
 * element-wise sum (residual connections, {@code a.add(b)}). Any other join is refused, naming the block.
 */
final class ParallelExporter implements BlockExporter {

    @Override
    public boolean supports(Block block) {
        return block instanceof ParallelBlock;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> export(Block block, List<String> inputs, ExportContext ctx) {
        List<String> heads = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (Pair<String, Block> child : block.getChildren()) {
            List<String> out = ctx.export(child.getKey(), child.getValue(), inputs);
            if (out.size() != 1) {
                throw new OnnxExportException("block '" + ctx.path() + "': branch " + child.getKey() + " returns " + out.size()
                        + " arrays; only single-array branches are exported");
            }
            Shape s = ctx.shape(out.get(0));
            if (s == null) {
                throw new OnnxExportException("block '" + ctx.path() + "': the output shape of branch " + child.getKey() + " is unknown");
            }
            heads.add(out.get(0));
            shapes.add(s);
        }
        Function<List<NDList>, NDList> join =
                (Function<List<NDList>, NDList>) Reflect.field(block, ParallelBlock.class, "function");
        DataType type = ctx.type(heads.get(0));
        String identified = identify(join, shapes, type, ctx.manager());
        if (identified == null) {
            throw new OnnxExportException("block '" + ctx.path() + "' " + ExportContext.describe(block) + ": its join is neither"
                    + " a concatenation along an axis nor an element-wise sum of the branches (the joins the exporter recognises)");
        }
        if (identified.equals("add")) {
            String sum = heads.get(0);
            for (int i = 1; i < heads.size(); i++) {
                sum = ctx.node("Add", List.of(sum, heads.get(i)));
            }
            return List.of(sum);
        }
        long axis = Long.parseLong(identified.substring("concat".length()));
        return List.of(ctx.node("Concat", heads, Attrs.i("axis", axis)));
    }

    /** "concatN" for concatenation along axis N, "add" for the sum, or null. */
    private static String identify(Function<List<NDList>, NDList> join, List<Shape> shapes, DataType type, NDManager parent) {
        try (NDManager m = parent.newSubManager()) {
            List<NDList> probe = new ArrayList<>();
            for (Shape s : shapes) {
                probe.add(new NDList(m.randomNormal(s).toType(type, false)));
            }
            NDList got;
            try {
                got = join.apply(probe);
            } catch (RuntimeException e) {
                return null;
            }
            if (got == null || got.size() != 1) {
                return null;
            }
            NDArray y = got.head();
            NDList heads = new NDList();
            probe.forEach(l -> heads.add(l.head()));
            int rank = shapes.get(0).dimension();
            for (int axis = 0; axis < rank; axis++) {
                if (concatenable(shapes, axis) && equal(y, NDArrays.concat(heads, axis), 0)) {
                    return "concat" + axis;
                }
            }
            if (shapes.stream().allMatch(shapes.get(0)::equals)) {
                NDArray sum = heads.get(0);
                for (int i = 1; i < heads.size(); i++) {
                    sum = sum.add(heads.get(i));
                }
                if (equal(y, sum, 1e-6)) {
                    return "add";
                }
            }
            return null;
        }
    }

    private static boolean concatenable(List<Shape> shapes, int axis) {
        for (Shape s : shapes) {
            if (s.dimension() != shapes.get(0).dimension()) {
                return false;
            }
            for (int d = 0; d < s.dimension(); d++) {
                if (d != axis && s.get(d) != shapes.get(0).get(d)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean equal(NDArray a, NDArray b, double rtol) {
        return a.getShape().equals(b.getShape()) && a.getDataType() == b.getDataType()
                && (rtol == 0 ? a.contentEquals(b) : a.allClose(b, rtol, 0, false));
    }
}
