package io.github.torchact.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The integrity layer of an {@link ActivationBlock}'s saved parameters (format version 2):
 *
 * <pre>
 * byte  version (2)
 * int   n: the length of the body in bytes
 * int   CRC32 of the body
 * byte[n] body: input shapes (DJL's encoding), activation name, parameter values,
 *         num_parameters, then the learnable tensor as DJL's Parameter.save writes it
 * </pre>
 *
 * <p>Loading reads the whole body (its length checked against the most this block can need before
 * anything is allocated), verifies the checksum, and only then parses it, checking every stored
 * count against the bytes that remain and the tensor's name, dtype (float32 or float64: DJL aborts
 * the JVM on some others) and shape against the block before DJL decodes it. So a corrupted or
 * truncated file fails with {@link MalformedModelException}, never loads changed weights, and never
 * makes the reader allocate what the file claims.
 */
final class ParameterFile {

    /** Room for the metadata besides the tensor's data: input shapes, names, parameter values. */
    private static final long METADATA_BYTES = 1 << 16;

    private ParameterFile() {}

    /** Writes {@code version}, the body's length and CRC32, then the body. */
    static void write(DataOutputStream os, byte version, byte[] body) throws IOException {
        os.write(version);
        os.writeInt(body.length);
        os.writeInt(crc(body));
        os.write(body);
    }

    /**
     * Reads the length, checksum and body written by {@link #write} (the version byte already read)
     * for a block whose learnable tensor has {@code numParameters} values.
     */
    static byte[] readBody(DataInputStream is, String block, long numParameters)
            throws IOException, MalformedModelException {
        try {
            int length = is.readInt();
            int crc = is.readInt();
            long max = METADATA_BYTES + 8L * numParameters;
            if (length < 0 || length > max) {
                throw new MalformedModelException(block + ": corrupted parameter file: its record claims " + length
                        + " bytes, this block's record takes at most " + max);
            }
            byte[] body = new byte[length];
            is.readFully(body);
            if (crc(body) != crc) {
                throw new MalformedModelException(block + ": corrupted parameter file: checksum mismatch (CRC32 "
                        + Integer.toHexString(crc(body)) + ", recorded " + Integer.toHexString(crc) + ")");
            }
            return body;
        } catch (EOFException e) {
            throw truncated(block, e);
        }
    }

    static MalformedModelException truncated(String block, EOFException e) {
        return new MalformedModelException(block + ": truncated parameter file", e);
    }

    /** A count read from {@code is}, refused unless in [0, remaining bytes / {@code unit}]. */
    static int count(DataInputStream is, int unit, String what, String block) throws IOException, MalformedModelException {
        int n = is.readInt();
        if (n < 0 || n > is.available() / unit) {
            throw new MalformedModelException(block + ": malformed parameter file: " + what + " count " + n
                    + " does not fit the " + is.available() + " bytes left");
        }
        return n;
    }

    /** A shape in DJL's encoding (int rank, longs, int layout length, chars), every count checked. */
    static Shape shape(DataInputStream is, String block) throws IOException, MalformedModelException {
        long[] dims = new long[count(is, 8, "shape rank", block)];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = is.readLong();
        }
        char[] layout = new char[count(is, 2, "shape layout", block)];
        for (int i = 0; i < layout.length; i++) {
            layout[i] = is.readChar();
        }
        try {
            return new Shape(dims, new String(layout));
        } catch (IllegalArgumentException e) {
            throw new MalformedModelException(block + ": malformed parameter file: bad shape", e);
        }
    }

    /**
     * Checks the learnable tensor's record as DJL's {@code Parameter.save} writes it ({@code 'N'} for
     * an uninitialised parameter, or {@code 'P'}, version 1, the name, then {@code NDArray.encode}:
     * "NDAR", encoding version (1 to 3 as DJL 0.35 reads them; 2 adds a name, 3 a byte order), sparse
     * format, dtype, shape, byte length, data), reading to its end.
     *
     * @return whether it holds a tensor
     */
    static boolean checkTensor(DataInputStream is, String block, String name, int numParameters)
            throws IOException, MalformedModelException {
        return checkTensor(is, block, name, new Shape(numParameters));
    }

    /** As {@link #checkTensor(DataInputStream, String, String, int)} for a tensor of shape {@code expected}. */
    static boolean checkTensor(DataInputStream is, String block, String name, Shape expected)
            throws IOException, MalformedModelException {
        long numParameters = expected.size();
        char tag = is.readChar();
        if (tag == 'N') {
            return false;
        }
        String where = block + ": malformed parameter file: " + name + ": ";
        if (tag != 'P' || is.readByte() != 1 || !name.equals(is.readUTF())) {
            throw new MalformedModelException(where + "not the record of this block's " + name);
        }
        if (!"NDAR".equals(is.readUTF())) {
            throw new MalformedModelException(where + "not an NDArray record");
        }
        int encoding = is.readInt();
        if (encoding < 1 || encoding > 3) {
            throw new MalformedModelException(where + "NDArray encoding version " + encoding + ", expected 1 to 3");
        }
        if (encoding > 1) {
            byte named = is.readByte();
            if (named == 1) {
                is.readUTF();
            } else if (named != 0) {
                throw new MalformedModelException(where + "bad NDArray name flag " + named);
            }
        }
        if (!"DENSE".equals(is.readUTF())) {
            throw new MalformedModelException(where + "not a dense NDArray");
        }
        String dtype = is.readUTF();
        int bytes;
        if (dtype.equals(DataType.FLOAT32.name())) {
            bytes = 4;
        } else if (dtype.equals(DataType.FLOAT64.name())) {
            bytes = 8;
        } else {
            // refused here: DJL's PyTorch engine aborts the JVM creating e.g. a bfloat16 tensor
            throw new MalformedModelException(where + "dtype must be float32 or float64, got " + dtype);
        }
        Shape shape = shape(is, block);
        if (!Arrays.equals(shape.getShape(), expected.getShape())) {
            throw new MalformedModelException(where + "shape " + shape + ", this block's is " + expected);
        }
        if (encoding > 2) {
            // DJL 0.35's PyTorch engine copies the bytes in native order whatever the flag says, so
            // the other order would load byte-swapped values: refused
            byte order = is.readByte();
            byte nativeOrder = (byte) (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? '<' : '>');
            if (order != nativeOrder) {
                throw new MalformedModelException(where + "byte order " + (char) order + ", this machine reads "
                        + (char) nativeOrder);
            }
        }
        int length = is.readInt();
        if (length != (long) numParameters * bytes) {
            throw new MalformedModelException(where + length + " data bytes, its shape and dtype need " + (long) numParameters * bytes);
        }
        if (is.skipBytes(length) != length) {
            throw new EOFException();
        }
        return true;
    }

    private static int crc(byte[] body) {
        CRC32 c = new CRC32();
        c.update(body);
        return (int) c.getValue();
    }
}
