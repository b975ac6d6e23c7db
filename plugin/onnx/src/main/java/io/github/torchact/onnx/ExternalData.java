package io.github.torchact.onnx;

import ai.onnx.proto.OnnxMl;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * Reads a tensor's bytes from an external data file (TensorProto.data_location = EXTERNAL, keys
 * {@code location}, {@code offset}, {@code length}, {@code checksum}). The file must lie inside the model's directory:
 * an absolute location, one with {@code ..}, one whose real path (symbolic links resolved) leaves the directory, or
 * one that is not a regular file is refused. The declared offset and length are checked (non-negative, no overflow,
 * the length equal to what the tensor's dims and type need, within the file) before a byte is read; only that range
 * is read, straight into the tensor's buffer.
 */
final class ExternalData {

    private ExternalData() {}

    /** The parsed external_data entries of {@code t} (offset 0 and length -1 when absent). */
    static final class Ref {
        final String location;
        final long offset;
        final long length;

        private Ref(String location, long offset, long length) {
            this.location = location;
            this.offset = offset;
            this.length = length;
        }
    }

    /**
     * Parses and checks the external_data entries of {@code t}: known keys, each once, a non-empty location, offset
     * and length non-negative integers whose sum does not overflow, the length (when given) equal to
     * {@code expectedBytes}. Reads nothing.
     */
    static Ref parse(OnnxMl.TensorProto t, long expectedBytes) {
        String what = "initializer '" + t.getName() + "'";
        String location = null;
        Long offset = null;
        Long length = null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (OnnxMl.StringStringEntryProto e : t.getExternalDataList()) {
            if (!seen.add(e.getKey())) {
                throw new OnnxImportException(what + ": external_data key '" + e.getKey() + "' is given more than once");
            }
            switch (e.getKey()) {
                case "location": location = e.getValue(); break;
                case "offset": offset = parseLong(t, e); break;
                case "length": length = parseLong(t, e); break;
                case "checksum": break;
                default:
                    throw new OnnxImportException(what + ": unknown external_data key '" + e.getKey() + "'");
            }
        }
        if (location == null || location.isEmpty()) {
            throw new OnnxImportException(what + ": external data without a location");
        }
        long off = offset == null ? 0 : offset;
        long len = length == null ? expectedBytes : length;
        if (len != expectedBytes) {
            throw new OnnxImportException(what + ": external data length " + len + " does not match its dims " + t.getDimsList()
                    + " and type (" + expectedBytes + " bytes) in file '" + location + "'");
        }
        try {
            Math.addExact(off, len);
        } catch (ArithmeticException e) {
            throw new OnnxImportException(what + ": external data offset " + off + " + length " + len + " overflows");
        }
        return new Ref(location, off, len);
    }

    /**
     * The {@code expectedBytes} bytes of {@code t} (little-endian, a heap buffer of exactly that size) from its external
     * file inside {@code modelDir}.
     */
    static ByteBuffer read(OnnxMl.TensorProto t, Path modelDir, long expectedBytes, ImportOptions limits) {
        String what = "initializer '" + t.getName() + "'";
        Ref ref = parse(t, expectedBytes);
        if (modelDir == null) {
            throw new OnnxImportException(what + " is stored in external file '" + ref.location
                    + "' but the model was read from a stream: read it from a file path instead");
        }
        if (ref.length > TensorProtos.MAX_TENSOR_BYTES || ref.length > limits.maxInitializerBytes()) {
            throw new OnnxImportException(what + ": external data length " + ref.length + " bytes exceeds the limit "
                    + Math.min(TensorProtos.MAX_TENSOR_BYTES, limits.maxInitializerBytes()) + " (ImportOptions.optMaxInitializerBytes)");
        }
        Path file = resolveInside(modelDir, ref.location, t.getName());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (ref.offset + ref.length > size) {
                throw new OnnxImportException(what + ": bytes [" + ref.offset + ", " + (ref.offset + ref.length)
                        + ") lie beyond the end of external file '" + ref.location + "' (" + size + " bytes)");
            }
            ByteBuffer b = TensorProtos.allocate((int) ref.length, what);
            long pos = ref.offset;
            while (b.hasRemaining()) {
                int r = ch.read(b, pos);
                if (r < 0) {
                    throw new EOFException("file ended at byte " + pos);
                }
                pos += r;
            }
            b.flip();
            return b.order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new OnnxImportException(what + ": cannot read external file '" + ref.location + "': " + e, e);
        }
    }

    /** The file named by {@code location}, refused unless it is a regular file inside {@code modelDir}. */
    static Path resolveInside(Path modelDir, String location, String tensor) {
        String what = "initializer '" + tensor + "': external data file '" + location + "'";
        if (location.indexOf('\0') >= 0) {
            throw new OnnxImportException(what.replace("\0", "\\0") + " contains a NUL character");
        }
        // checked on the string first, so that no path object is ever made of an escaping location
        if (location.startsWith("/") || location.startsWith("\\") || location.matches("^[A-Za-z]:.*")) {
            throw new OnnxImportException(what + " is an absolute path; only files inside the model directory " + modelDir + " are read");
        }
        for (String part : location.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw new OnnxImportException(what + " escapes the model directory " + modelDir + " ('..')");
            }
        }
        Path rel;
        try {
            rel = Paths.get(location);
        } catch (InvalidPathException e) {
            throw new OnnxImportException(what + " is not a valid path: " + e.getMessage(), e);
        }
        if (rel.isAbsolute()) {
            throw new OnnxImportException(what + " is an absolute path; only files inside the model directory " + modelDir + " are read");
        }
        try {
            Path dir = modelDir.toRealPath();
            Path file = dir.resolve(rel).normalize();
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new OnnxImportException(what + " not found in " + dir);
            }
            Path real = file.toRealPath();
            if (!real.startsWith(dir)) {
                throw new OnnxImportException(what + " resolves to " + real + ", outside the model directory " + dir + " (symbolic link)");
            }
            if (!Files.isRegularFile(real)) {
                throw new OnnxImportException(what + " is not a regular file");
            }
            return real;
        } catch (IOException | InvalidPathException | SecurityException e) {
            throw new OnnxImportException("initializer '" + tensor + "': cannot resolve external data file '" + location + "': " + e, e);
        }
    }

    private static long parseLong(OnnxMl.TensorProto t, OnnxMl.StringStringEntryProto e) {
        long v;
        try {
            v = Long.parseLong(e.getValue());
        } catch (NumberFormatException ex) {
            throw new OnnxImportException("initializer '" + t.getName() + "': external_data " + e.getKey()
                    + " is not an integer: '" + e.getValue() + "'");
        }
        if (v < 0) {
            throw new OnnxImportException("initializer '" + t.getName() + "': external_data " + e.getKey() + " is negative: " + v);
        }
        return v;
    }
}
