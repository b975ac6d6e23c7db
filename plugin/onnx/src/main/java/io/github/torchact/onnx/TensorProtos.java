package io.github.torchact.onnx;

import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl;

import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Decodes an ONNX TensorProto (raw_data, typed repeated fields or external data) into a {@link TensorValue}.
 * Everything the file declares is checked before anything is allocated: the data type, non-negative dimensions,
 * the element count and byte size (overflow-safe) against {@link ImportOptions#maxTensorElements()} and the 2 GiB a
 * Java buffer holds, one storage field, and its exact size.
 */
public final class TensorProtos {

    /** The largest byte size one host tensor may have (a Java array or buffer). */
    static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;

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
                throw new OnnxImportException("tensor '" + tensor + "': ONNX data type " + onnxType + " (" + onnxTypeName(onnxType)
                        + ") is not supported (float, double, int8, uint8, int32, int64, bool are)");
        }
    }

    /** The onnx.proto name of data type {@code t}. */
    static String onnxTypeName(long t) {
        String[] names = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL", "FLOAT16",
            "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16", "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2",
            "FLOAT8E5M2FNUZ", "UINT4", "INT4", "FLOAT4E2M1"};
        return t >= 0 && t < names.length ? names[(int) t] : "unknown";
    }

    /**
     * The element count of {@code t}'s dims, checked: every dimension non-negative, the product without overflow and
     * within {@code maxElements}, the byte size within {@link #MAX_TENSOR_BYTES}.
     */
    static long checkedElements(String what, List<Long> dims, DataType type, long maxElements) {
        long n = 1;
        for (int i = 0; i < dims.size(); i++) {
            long d = dims.get(i);
            if (d < 0) {
                throw new OnnxImportException(what + ": dimension " + i + " is " + d + " (dims " + dims + "); dimensions must be >= 0");
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new OnnxImportException(what + ": dims " + dims + " hold more than 2^63 elements");
            }
        }
        // a zero dimension anywhere makes the product 0 even after an overflowing prefix: checked above element by element
        if (n > maxElements) {
            throw new OnnxImportException(what + ": dims " + dims + " hold " + n + " elements, more than the limit " + maxElements
                    + " (ImportOptions.optMaxTensorElements)");
        }
        long bytes = n * (type == null ? 1 : type.getNumOfBytes());
        if (type != null && (n > MAX_TENSOR_BYTES / type.getNumOfBytes() || bytes > MAX_TENSOR_BYTES)) {
            throw new OnnxImportException(what + ": dims " + dims + " of " + type + " need " + n + " x " + type.getNumOfBytes()
                    + " bytes; one tensor may hold at most " + MAX_TENSOR_BYTES + " bytes");
        }
        return n;
    }

    /**
     * Decodes {@code t} with only the hard limits (2 GiB per tensor and per external read; {@link OnnxModel#read}
     * checks a file's tensors against its {@link ImportOptions} first); external data is read from {@code modelDir}
     * (null for a stream).
     */
    public static TensorValue decode(OnnxMl.TensorProto t, Path modelDir) {
        return decode(t, modelDir, Hard.LIMITS);
    }

    /**
     * Reads a serialized ONNX TensorProto file (an ONNX backend test's {@code test_data_set_0/input_0.pb}, or what
     * {@code onnx.numpy_helper.from_array(a).SerializeToString()} wrote), external data beside it.
     *
     * @param file the {@code .pb} file
     * @return its name, data type, shape and data
     * @throws IOException if the file cannot be read
     * @throws OnnxImportException if it is not a TensorProto, or one this importer cannot decode
     */
    public static TensorValue read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        OnnxMl.TensorProto t;
        try {
            t = OnnxMl.TensorProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException("file " + file + " is not a serialized ONNX TensorProto (truncated or corrupt protobuf, "
                    + bytes.length + " bytes): " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            return decode(t, dir);
        } catch (OnnxImportException e) {
            throw new OnnxImportException("file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The hard limits, made on first use. */
    private static final class Hard {
        static final ImportOptions LIMITS = ImportOptions.defaults().optMaxTensorElements(Long.MAX_VALUE);
    }

    /** Decodes {@code t} within {@code limits}; external data is read from {@code modelDir} (null for a stream). */
    public static TensorValue decode(OnnxMl.TensorProto t, Path modelDir, ImportOptions limits) {
        String name = t.getName();
        String what = "tensor '" + name + "'";
        DataType type = dataType(t.getDataType(), name);
        if (t.hasSegment()) {
            throw new OnnxImportException(what + ": segmented tensors (TensorProto.segment) are not supported");
        }
        long n = checkedElements(what, t.getDimsList(), type, limits.maxTensorElements());
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int bytes = (int) (n * type.getNumOfBytes());
        int typed = typedCount(t);
        boolean external = t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL;
        int fields = (external ? 1 : 0) + (t.hasRawData() && !t.getRawData().isEmpty() ? 1 : 0) + (typed > 0 ? 1 : 0);
        if (fields > 1) {
            throw new OnnxImportException(what + ": holds its values in " + fields + " places (raw_data, typed fields, external data);"
                    + " a tensor must use exactly one");
        }
        ByteBuffer le;
        if (external) {
            le = ExternalData.read(t, modelDir, bytes, limits);
        } else if (!t.getRawData().isEmpty()) {
            if (t.getRawData().size() != bytes) {
                throw new OnnxImportException(what + ": raw_data has " + t.getRawData().size() + " bytes, its dims " + t.getDimsList()
                        + " and type " + type + " need " + bytes);
            }
            le = t.getRawData().asReadOnlyByteBuffer();
        } else {
            le = fromTypedFields(t, type, (int) n);
        }
        le = le.slice().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer nat;
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN || type.getNumOfBytes() == 1) {
            nat = le.order(ByteOrder.nativeOrder());
        } else {
            nat = allocate(bytes, what).order(ByteOrder.nativeOrder());
            copyReordered(le, nat, type);
            nat.flip();
        }
        return new TensorValue(name, type, shape, nat);
    }

    /** A heap buffer of {@code bytes}; a heap too small for it is our exception, not an OutOfMemoryError. */
    static ByteBuffer allocate(int bytes, String what) {
        try {
            return ByteBuffer.allocate(bytes);
        } catch (OutOfMemoryError e) {
            Runtime rt = Runtime.getRuntime();
            throw new OnnxImportException(what + ": needs " + bytes + " bytes but the Java heap cannot hold them (max heap "
                    + rt.maxMemory() + " bytes, -Xmx); raise -Xmx or lower the model's size", e);
        }
    }

    /** The number of values in the typed repeated fields of {@code t}. */
    private static int typedCount(OnnxMl.TensorProto t) {
        return t.getFloatDataCount() + t.getInt32DataCount() + t.getInt64DataCount() + t.getDoubleDataCount()
                + t.getUint64DataCount() + t.getStringDataCount();
    }

    private static ByteBuffer fromTypedFields(OnnxMl.TensorProto t, DataType type, int n) {
        ByteBuffer b = allocate(n * type.getNumOfBytes(), "tensor '" + t.getName() + "'").order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case FLOAT32: {
                List<Float> v = t.getFloatDataList();
                checkCount(t, v.size(), n, "float_data");
                v.forEach(b::putFloat);
                break;
            }
            case FLOAT64: {
                List<Double> v = t.getDoubleDataList();
                checkCount(t, v.size(), n, "double_data");
                v.forEach(b::putDouble);
                break;
            }
            case INT64: {
                List<Long> v = t.getInt64DataList();
                checkCount(t, v.size(), n, "int64_data");
                v.forEach(b::putLong);
                break;
            }
            case INT32: {
                List<Integer> v = t.getInt32DataList();
                checkCount(t, v.size(), n, "int32_data");
                v.forEach(b::putInt);
                break;
            }
            default: {
                List<Integer> v = t.getInt32DataList();
                checkCount(t, v.size(), n, "int32_data");
                v.forEach(i -> b.put((byte) (int) i));
            }
        }
        b.flip();
        return b;
    }

    private static void checkCount(OnnxMl.TensorProto t, int got, int n, String field) {
        if (got != n) {
            throw new OnnxImportException("tensor '" + t.getName() + "': " + field + " holds " + got + " values, its dims "
                    + t.getDimsList() + " need " + n);
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
