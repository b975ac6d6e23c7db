package io.github.torchact.parity.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * A float32 or float64 tensor held in a Java array: what the oracle takes and returns.
 *
 * @param f32 the data when float32, else {@code null}
 * @param f64 the data when float64, else {@code null}
 * @param shape the shape, row-major
 */
public record HostTensor(float[] f32, double[] f64, long[] shape) {

    /** Checks that exactly one of the arrays is given and matches the shape. */
    public HostTensor {
        if ((f32 == null) == (f64 == null)) {
            throw new IllegalArgumentException("exactly one of f32 and f64 must be given");
        }
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        int len = f32 != null ? f32.length : f64.length;
        if (n != len) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + n + " elements, data has " + len);
        }
    }

    /** A float32 tensor. */
    public static HostTensor of(float[] data, long... shape) {
        return new HostTensor(data, null, shape);
    }

    /** A float64 tensor. */
    public static HostTensor of(double[] data, long... shape) {
        return new HostTensor(null, data, shape);
    }

    /** A 1-D tensor. */
    public static HostTensor vector(float[] data) {
        return of(data, data.length);
    }

    /** A 1-D tensor. */
    public static HostTensor vector(double[] data) {
        return of(data, data.length);
    }

    /** Copies an NDArray; only float32 and float64 are accepted. */
    public static HostTensor of(NDArray a) {
        long[] shape = a.getShape().getShape();
        if (a.getDataType() == DataType.FLOAT32) {
            return of(a.toFloatArray(), shape);
        }
        if (a.getDataType() == DataType.FLOAT64) {
            return of(a.toDoubleArray(), shape);
        }
        throw unsupported(a.getDataType());
    }

    static IllegalArgumentException unsupported(DataType t) {
        return new IllegalArgumentException("unsupported dtype " + t
                + ": the torch-ops oracle computes float32 and float64 only");
    }

    /** Whether it is float64. */
    public boolean isF64() {
        return f64 != null;
    }

    /** Its DJL data type. */
    public DataType dataType() {
        return isF64() ? DataType.FLOAT64 : DataType.FLOAT32;
    }

    /** The element count. */
    public int size() {
        return isF64() ? f64.length : f32.length;
    }

    /** The number of dimensions. */
    public int ndim() {
        return shape.length;
    }

    /** Element i widened to double. */
    public double get(int i) {
        return isF64() ? f64[i] : f32[i];
    }

    /** A tensor of the same dtype from doubles (rounded to float32 where float32). */
    public HostTensor like(double[] values, long... newShape) {
        if (isF64()) {
            return of(values.clone(), newShape);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return of(f, newShape);
    }

    /** A copy as an NDArray of {@code m}. */
    public NDArray toNDArray(NDManager m) {
        return isF64() ? m.create(f64, new Shape(shape)) : m.create(f32, new Shape(shape));
    }
}
