package io.github.torchact.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a small ONNX model (opset 20, one float32 input {@code x} of a fixed shape, one output
 * {@code y}) in code: a single op, or the op chain PyTorch's exporter writes. Field numbers are those
 * of onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto).
 */
final class OnnxGraph {

    private static final int FLOAT = 1;
    private static final int ATTR_FLOAT = 1;
    private static final int ATTR_INT = 2;
    private static final int ATTR_STRING = 3;
    private static final int ATTR_INTS = 7;

    private final List<Node> nodes = new ArrayList<>();
    private final Protobuf initializers = new Protobuf();

    /** Adds a node reading {@code inputs} ({@code "x"} is the graph input). */
    Node op(String type, String... inputs) {
        Node n = new Node(type, inputs, "t" + nodes.size());
        nodes.add(n);
        return n;
    }

    /** A float32 scalar constant (an initializer); returns its name. */
    String constant(float v) {
        String name = "c" + nodes.size() + "_" + Float.floatToRawIntBits(v);
        byte[] raw = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array();
        initializers.message(5, new Protobuf().varint(2, FLOAT).string(8, name).bytes(9, raw));
        return name;
    }

    /** A float32 initializer {@code name} of shape {@code dims}; returns its name. */
    String tensor(String name, float[] v, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            raw.putFloat(f);
        }
        Protobuf t = new Protobuf();
        for (long d : dims) {
            t.varint(1, d);
        }
        initializers.message(5, t.varint(2, FLOAT).string(8, name).bytes(9, raw.array()));
        return name;
    }

    /** The serialised model; its output {@code y} is the last node's output. */
    byte[] model(long[] shape) {
        nodes.get(nodes.size() - 1).output = "y";
        Protobuf graph = new Protobuf();
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get(k);
            Protobuf p = new Protobuf();
            for (String in : n.inputs) {
                p.string(1, in);
            }
            p.string(2, n.output).string(3, "n" + k).string(4, n.type).append(n.attrs);
            graph.message(1, p);
        }
        graph.string(2, "bench").append(initializers);
        graph.message(11, valueInfo("x", shape));
        graph.message(12, valueInfo("y", shape));
        return new Protobuf()
                .varint(1, 8)
                .string(2, "torchact-bench")
                .message(7, graph)
                .message(8, new Protobuf().string(1, "").varint(2, 20))
                .toByteArray();
    }

    private static Protobuf valueInfo(String name, long[] shape) {
        Protobuf dims = new Protobuf();
        for (long d : shape) {
            dims.message(1, new Protobuf().varint(1, d));
        }
        Protobuf tensor = new Protobuf().varint(1, FLOAT).message(2, dims);
        return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensor));
    }

    /** One node of the graph. */
    static final class Node {
        private final Protobuf attrs = new Protobuf();
        private final String type;
        private final String[] inputs;
        private String output;

        private Node(String type, String[] inputs, String output) {
            this.type = type;
            this.inputs = inputs;
            this.output = output;
        }

        Node f(String name, float v) {
            attrs.message(5, new Protobuf().string(1, name).fixed32(2, v).varint(20, ATTR_FLOAT));
            return this;
        }

        Node i(String name, long v) {
            attrs.message(5, new Protobuf().string(1, name).varint(3, v).varint(20, ATTR_INT));
            return this;
        }

        Node ints(String name, long... v) {
            Protobuf a = new Protobuf().string(1, name);
            for (long e : v) {
                a.varint(8, e);
            }
            attrs.message(5, a.varint(20, ATTR_INTS));
            return this;
        }

        Node s(String name, String v) {
            attrs.message(5, new Protobuf().string(1, name).string(4, v).varint(20, ATTR_STRING));
            return this;
        }

        /** The name of this node's output, for the next node's input. */
        String out() {
            return output;
        }
    }
}
