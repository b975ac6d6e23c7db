package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A host-side tensor read from an ONNX initializer or Constant: a DJL data type, a shape and its
 * elements in native byte order. Immutable; {@link #toNDArray} copies it onto an engine.
 */
public final class TensorValue {

    private final String name;
    private final DataType dataType;
    private final long[] shape;
    private final ByteBuffer data;

    /** A tensor {@code name} of {@code dataType} and {@code shape}, its data little-endian in {@code data}. */
    public TensorValue(String name, DataType dataType, long[] shape, ByteBuffer data) {
        long n = numel(name, shape);
        if (n > Long.MAX_VALUE / Math.max(1, dataType.getNumOfBytes()) || data.remaining() != n * dataType.getNumOfBytes()) {
            throw new OnnxImportException("tensor '" + name + "': shape " + Arrays.toString(shape) + " needs "
                    + n * dataType.getNumOfBytes() + " bytes of " + dataType + ", got " + data.remaining());
        }
        this.name = name;
        this.dataType = dataType;
        this.shape = shape.clone();
        this.data = data.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    /** Copies an engine array to the host. */
    public static TensorValue of(String name, NDArray array) {
        ByteBuffer b = array.toByteBuffer();
        ByteBuffer copy = ByteBuffer.allocate(b.remaining()).order(ByteOrder.nativeOrder());
        copy.put(b.duplicate().order(b.order()));
        copy.flip();
        return new TensorValue(name, array.getDataType(), array.getShape().getShape(), copy);
    }

    /** The tensor name. */
    public String name() {
        return name;
    }

    /** The data type. */
    public DataType dataType() {
        return dataType;
    }

    /** The shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** The element count. */
    public long size() {
        return numel(name, shape);
    }

    /** The elements, read-only, in native byte order. */
    ByteBuffer data() {
        return data.duplicate().order(ByteOrder.nativeOrder());
    }

    /** A new engine array with these values. */
    public NDArray toNDArray(NDManager manager) {
        ByteBuffer direct = ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
        direct.put(data.duplicate());
        direct.flip();
        return manager.create(direct, new Shape(shape), dataType);
    }

    /** The elements as doubles, whatever the integer or floating type. */
    public double[] toDoubles() {
        ByteBuffer b = data.duplicate().order(ByteOrder.nativeOrder());
        int n = Math.toIntExact(size());
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            switch (dataType) {
                case FLOAT32: out[i] = b.getFloat(); break;
                case FLOAT64: out[i] = b.getDouble(); break;
                case INT64: out[i] = b.getLong(); break;
                case INT32: out[i] = b.getInt(); break;
                case INT8: out[i] = b.get(); break;
                case UINT8: out[i] = b.get() & 0xff; break;
                case BOOLEAN: out[i] = b.get() != 0 ? 1 : 0; break;
                default: throw new OnnxImportException("tensor '" + name + "': cannot read " + dataType + " as numbers");
            }
        }
        return out;
    }

    /** The elements as longs (for shapes, axes, split sizes). */
    public long[] toLongs() {
        double[] d = toDoubles();
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (long) d[i];
        }
        return out;
    }

    /** The single element of a one-element tensor. */
    public double scalar() {
        if (size() != 1) {
            throw new OnnxImportException("tensor '" + name + "' must hold one element, has shape " + Arrays.toString(shape));
        }
        return toDoubles()[0];
    }

    /** The element count of {@code shape}: every dimension non-negative, the product without overflow. */
    static long numel(String name, long[] shape) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new OnnxImportException("tensor '" + name + "': dimension " + i + " is " + shape[i] + " (shape "
                        + Arrays.toString(shape) + "); dimensions must be >= 0");
            }
            if (shape[i] != 0 && n > Long.MAX_VALUE / shape[i]) {
                // keep going: a later zero dimension makes the tensor empty, not too large
                boolean empty = Arrays.stream(shape).anyMatch(d -> d == 0);
                if (!empty) {
                    throw new OnnxImportException("tensor '" + name + "': shape " + Arrays.toString(shape) + " holds more than 2^63 elements");
                }
                return 0;
            }
            n *= shape[i];
        }
        return n;
    }

    @Override
    public String toString() {
        return name + ":" + dataType + Arrays.toString(shape);
    }
}
