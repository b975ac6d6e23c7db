package io.github.torchact.onnx.export;

import ai.djl.nn.Block;

import java.util.List;

/**
 * Writes one kind of block as ONNX nodes: the SPI for users' own blocks. Register one with
 * {@link ExportOptions#addExporter}, or list its class in
 * {@code META-INF/services/io.github.torchact.onnx.export.BlockExporter} for {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * BlockExporter scale = new BlockExporter() {
 *     public boolean supports(Block block) { return block instanceof MyScale; }
 *     public List<String> export(Block block, List<String> inputs, ExportContext ctx) {
 *         String factor = ctx.constant(inputs.get(0), ((MyScale) block).factor());
 *         return List.of(ctx.node("Mul", List.of(inputs.get(0), factor)));
 *     }
 * };
 * }</pre>
 */
public interface BlockExporter {

    /** Whether this exporter writes {@code block}. */
    boolean supports(Block block);

    /**
     * Adds the nodes computing {@code block}'s inference forward from the values named {@code inputs} (one per
     * input array) and returns the names of its outputs (one per output array). Children are written with
     * {@link ExportContext#export}; parameters with {@link ExportContext#parameter}.
     */
    List<String> export(Block block, List<String> inputs, ExportContext ctx);
}
