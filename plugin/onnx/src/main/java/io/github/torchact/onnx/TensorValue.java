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

    public TensorValue(String name, DataType dataType, long[] shape, ByteBuffer data) {
        long n = numel(shape);
        if (data.remaining() != n * dataType.getNumOfBytes()) {
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

    public String name() {
        return name;
    }

    public DataType dataType() {
        return dataType;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long size() {
        return numel(shape);
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

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new OnnxImportException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public String toString() {
        return name + ":" + dataType + Arrays.toString(shape);
    }
}
