package io.github.torchact.onnx;

import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/** Decodes an ONNX TensorProto (raw_data, typed repeated fields or external data) into a {@link TensorValue}. */
public final class TensorProtos {

    private TensorProtos() {}

    /** ONNX TensorProto.DataType numbers to DJL types (onnx.proto: FLOAT=1, UINT8=2, INT8=3, INT32=6, INT64=7, BOOL=9, DOUBLE=11). */
    static DataType dataType(int onnxType, String tensor) {
        switch (onnxType) {
            case 1: return DataType.FLOAT32;
            case 2: return DataType.UINT8;
            case 3: return DataType.INT8;
            case 6: return DataType.INT32;
            case 7: return DataType.INT64;
            case 9: return DataType.BOOLEAN;
            case 11: return DataType.FLOAT64;
            default:
                throw new OnnxImportException("tensor '" + tensor + "': ONNX data type " + onnxType
                        + " is not supported (float, double, int8, uint8, int32, int64, bool are)");
        }
    }

    /** Decodes {@code t}; external data is read from {@code modelDir} (null when the model came from a stream). */
    public static TensorValue decode(OnnxMl.TensorProto t, Path modelDir) {
        String name = t.getName();
        DataType type = dataType(t.getDataType(), name);
        long[] shape = new long[t.getDimsCount()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.getDims(i);
        }
        long n = TensorValue.numel(shape);
        long bytes = n * type.getNumOfBytes();
        ByteBuffer le;
        if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
            le = ExternalData.read(t, modelDir, bytes);
        } else if (!t.getRawData().isEmpty()) {
            if (t.getRawData().size() != bytes) {
                throw new OnnxImportException("tensor '" + name + "': raw_data has " + t.getRawData().size()
                        + " bytes, its shape and type need " + bytes);
            }
            le = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        } else {
            le = fromTypedFields(t, type, Math.toIntExact(n));
        }
        ByteBuffer nat = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
        copyReordered(le, nat, type);
        nat.flip();
        return new TensorValue(name, type, shape, nat);
    }

    private static ByteBuffer fromTypedFields(OnnxMl.TensorProto t, DataType type, int n) {
        ByteBuffer b = ByteBuffer.allocate(n * type.getNumOfBytes()).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case FLOAT32: {
                List<Float> v = t.getFloatDataList();
                checkCount(t, v.size(), n);
                v.forEach(b::putFloat);
                break;
            }
            case FLOAT64: {
                List<Double> v = t.getDoubleDataList();
                checkCount(t, v.size(), n);
                v.forEach(b::putDouble);
                break;
            }
            case INT64: {
                List<Long> v = t.getInt64DataList();
                checkCount(t, v.size(), n);
                v.forEach(b::putLong);
                break;
            }
            case INT32: {
                List<Integer> v = t.getInt32DataList();
                checkCount(t, v.size(), n);
                v.forEach(b::putInt);
                break;
            }
            default: {
                List<Integer> v = t.getInt32DataList();
                checkCount(t, v.size(), n);
                v.forEach(i -> b.put((byte) (int) i));
            }
        }
        b.flip();
        return b;
    }

    private static void checkCount(OnnxMl.TensorProto t, int got, int n) {
        if (got != n) {
            throw new OnnxImportException("tensor '" + t.getName() + "': holds " + got + " values, its shape "
                    + t.getDimsList() + " needs " + n);
        }
    }

    private static void copyReordered(ByteBuffer le, ByteBuffer nat, DataType type) {
        ByteBuffer src = le.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (type.getNumOfBytes()) {
            case 8:
                while (src.remaining() >= 8) {
                    nat.putLong(src.getLong());
                }
                break;
            case 4:
                while (src.remaining() >= 4) {
                    nat.putInt(src.getInt());
                }
                break;
            default:
                nat.put(src);
        }
    }
}
