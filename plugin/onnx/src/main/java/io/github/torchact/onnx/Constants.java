package io.github.torchact.onnx;

import ai.djl.ndarray.types.DataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small helpers that build host tensors. */
final class Constants {

    private Constants() {}

    static TensorValue floats(String name, long[] shape, float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.nativeOrder());
        for (float f : v) {
            b.putFloat(f);
        }
        b.flip();
        return new TensorValue(name, DataType.FLOAT32, shape, b);
    }

    static TensorValue longs(String name, long[] shape, long... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.nativeOrder());
        for (long l : v) {
            b.putLong(l);
        }
        b.flip();
        return new TensorValue(name, DataType.INT64, shape, b);
    }
}
