package io.github.torchact.onnx;

/** Runs a block's forward with the compiled graph's unoptimised plan (as an internal call: no graph-executor optimisation). */
public final class NoOpt {
    public static void run(Runnable r) {
        CompiledGraph.internalCall(() -> { r.run(); return null; });
    }

    /** The TorchScript source of each shape specialisation of {@code block}. */
    public static java.util.List<String> specialisedSources(OnnxGraphBlock block) throws ReflectiveOperationException {
        java.lang.reflect.Field f = OnnxGraphBlock.class.getDeclaredField("specializer");
        f.setAccessible(true);
        ShapeSpecializer sp = (ShapeSpecializer) f.get(block);
        java.lang.reflect.Field v = ShapeSpecializer.class.getDeclaredField("variants");
        v.setAccessible(true);
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Object o : ((java.util.Map<?, ?>) v.get(sp)).values()) {
            out.add(((ShapeSpecializer.Variant) o).graph.result().source);
        }
        return out;
    }
}
