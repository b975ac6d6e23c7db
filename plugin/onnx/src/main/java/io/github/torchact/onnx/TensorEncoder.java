package io.github.torchact.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl;

import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes tensors as ONNX {@code TensorProto}s: little-endian {@code raw_data}, ONNX's element type codes. */
public final class TensorEncoder {

    private TensorEncoder() {}

    /** The ONNX element type of {@code type}; float16/bfloat16/string and the other types ONNX import refuses are refused. */
    public static int onnxType(DataType type) {
        switch (type) {
            case FLOAT32:
                return OnnxMl.TensorProto.DataType.FLOAT_VALUE;
            case FLOAT64:
                return OnnxMl.TensorProto.DataType.DOUBLE_VALUE;
            case INT8:
                return OnnxMl.TensorProto.DataType.INT8_VALUE;
            case UINT8:
                return OnnxMl.TensorProto.DataType.UINT8_VALUE;
            case INT32:
                return OnnxMl.TensorProto.DataType.INT32_VALUE;
            case INT64:
                return OnnxMl.TensorProto.DataType.INT64_VALUE;
            case BOOLEAN:
                return OnnxMl.TensorProto.DataType.BOOL_VALUE;
            default:
                throw new IllegalArgumentException("no ONNX element type for DJL data type " + type
                        + " (supported: float32, float64, int8, uint8, int32, int64, boolean)");
        }
    }

    /** The DJL data type of ONNX element type {@code onnxType} (of tensor {@code name}, for the message). */
    public static DataType djlType(int onnxType, String name) {
        return TensorProtos.dataType(onnxType, name);
    }

    /** {@code array}'s values (copied from the engine) as a tensor named {@code name}. */
    public static OnnxMl.TensorProto encode(String name, NDArray array) {
        return encode(name, array.getDataType(), array.getShape().getShape(), array.toByteBuffer());
    }

    /** {@code value} as a tensor named {@code name}. */
    public static OnnxMl.TensorProto encode(String name, TensorValue value) {
        return encode(name, value.dataType(), value.shape(), value.data());
    }

    /** A tensor of {@code type} and {@code shape} whose elements are {@code data} (any byte order; its order is read). */
    public static OnnxMl.TensorProto encode(String name, DataType type, long[] shape, ByteBuffer data) {
        ByteBuffer src = data.duplicate().order(data.order());
        ByteBuffer le = ByteBuffer.allocate(src.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        int width = type.getNumOfBytes();
        if (width == 1 || src.order() == ByteOrder.LITTLE_ENDIAN) {
            le.put(src);
        } else if (width == 4) {
            while (src.hasRemaining()) {
                le.putInt(src.getInt());
            }
        } else if (width == 8) {
            while (src.hasRemaining()) {
                le.putLong(src.getLong());
            }
        } else {
            throw new IllegalArgumentException("tensor '" + name + "': cannot encode " + type);
        }
        le.flip();
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(onnxType(type));
        for (long d : shape) {
            t.addDims(d);
        }
        return t.setRawData(ByteString.copyFrom(le)).build();
    }
}
