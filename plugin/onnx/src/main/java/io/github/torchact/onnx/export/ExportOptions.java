package io.github.torchact.onnx.export;

import ai.djl.ndarray.types.DataType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@link OnnxExporter} writes: the opset (17 by default, 13 to 21), the input element type (float32 by default;
 * float64 for a block cast to float64; int64 or int32 for an {@code Embedding}'s indices), graph input/output names,
 * a symbolic batch axis (dimension 0 of every input and output named {@code batch}), and exporters for users' own
 * blocks, tried before the built-in ones (besides those found with {@link java.util.ServiceLoader}).
 */
public final class ExportOptions {

    public static final int MIN_OPSET = 13;
    public static final int MAX_OPSET = 21;

    private int opset = 17;
    private DataType inputType = DataType.FLOAT32;
    private boolean symbolicBatch;
    private List<String> inputNames = List.of();
    private List<String> outputNames = List.of();
    private final List<BlockExporter> exporters = new ArrayList<>();

    private ExportOptions() {}

    public static ExportOptions defaults() {
        return new ExportOptions();
    }

    /** The ai.onnx opset to write, 13 to 21 (default 17). */
    public ExportOptions optOpset(int opset) {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("opset must be between " + MIN_OPSET + " and " + MAX_OPSET + ", got " + opset);
        }
        this.opset = opset;
        return this;
    }

    /** The element type of the graph inputs (default float32). */
    public ExportOptions optInputType(DataType type) {
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64 && type != DataType.INT64 && type != DataType.INT32) {
            throw new IllegalArgumentException("input type must be float32, float64, int64 or int32, got " + type);
        }
        this.inputType = type;
        return this;
    }

    /** Declares dimension 0 of every graph input and output as the symbolic dimension {@code batch}. */
    public ExportOptions optSymbolicBatch(boolean symbolicBatch) {
        this.symbolicBatch = symbolicBatch;
        return this;
    }

    /** Graph input names (default {@code input}, or {@code input_0}, {@code input_1}, ...). */
    public ExportOptions optInputNames(String... names) {
        this.inputNames = List.of(names);
        return this;
    }

    /** Graph output names (default {@code output}, or {@code output_0}, ...). */
    public ExportOptions optOutputNames(String... names) {
        this.outputNames = List.of(names);
        return this;
    }

    /** Adds an exporter for users' own blocks; added exporters are tried first, in order. */
    public ExportOptions addExporter(BlockExporter exporter) {
        exporters.add(exporter);
        return this;
    }

    public int opset() {
        return opset;
    }

    public DataType inputType() {
        return inputType;
    }

    public boolean symbolicBatch() {
        return symbolicBatch;
    }

    public List<String> inputNames() {
        return inputNames;
    }

    public List<String> outputNames() {
        return outputNames;
    }

    public List<BlockExporter> exporters() {
        return Collections.unmodifiableList(exporters);
    }
}
