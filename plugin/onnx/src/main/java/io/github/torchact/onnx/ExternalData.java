package io.github.torchact.onnx;

import ai.onnx.proto.OnnxMl;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Reads a tensor's bytes from an external data file (TensorProto.data_location = EXTERNAL, keys
 * {@code location}, {@code offset}, {@code length}). The file must lie inside the model's directory:
 * an absolute location, one with {@code ..}, or one whose real path (symbolic links resolved) leaves the
 * directory is refused.
 */
final class ExternalData {

    private ExternalData() {}

    static ByteBuffer read(OnnxMl.TensorProto t, Path modelDir, long expectedBytes) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (OnnxMl.StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location": location = e.getValue(); break;
                case "offset": offset = parseLong(t, e); break;
                case "length": length = parseLong(t, e); break;
                case "checksum": break;
                default:
                    throw new OnnxImportException("initializer '" + t.getName() + "': unknown external_data key '" + e.getKey() + "'");
            }
        }
        if (location == null || location.isEmpty()) {
            throw new OnnxImportException("initializer '" + t.getName() + "': external data without a location");
        }
        if (modelDir == null) {
            throw new OnnxImportException("initializer '" + t.getName() + "' is stored in external file '" + location
                    + "' but the model was read from a stream: read it from a file path instead");
        }
        Path file = resolveInside(modelDir, location, t.getName());
        if (length < 0) {
            length = expectedBytes;
        }
        if (length != expectedBytes) {
            throw new OnnxImportException("initializer '" + t.getName() + "': external data length " + length
                    + " does not match its shape and type (" + expectedBytes + " bytes) in file '" + location + "'");
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (offset < 0 || offset + length > f.length()) {
                throw new OnnxImportException("initializer '" + t.getName() + "': bytes [" + offset + ", " + (offset + length)
                        + ") lie beyond the end of external file '" + location + "' (" + f.length() + " bytes)");
            }
            byte[] b = new byte[Math.toIntExact(length)];
            f.seek(offset);
            f.readFully(b);
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new OnnxImportException("initializer '" + t.getName() + "': cannot read external file '" + location + "': " + e, e);
        }
    }

    /** The file named by {@code location}, refused unless it lies inside {@code modelDir}. */
    static Path resolveInside(Path modelDir, String location, String tensor) {
        Path rel = Paths.get(location);
        if (rel.isAbsolute() || location.startsWith("/") || location.startsWith("\\")) {
            throw new OnnxImportException("initializer '" + tensor + "': external data file '" + location
                    + "' is an absolute path; only files inside the model directory " + modelDir + " are read");
        }
        for (Path part : rel) {
            if (part.toString().equals("..")) {
                throw new OnnxImportException("initializer '" + tensor + "': external data file '" + location
                        + "' escapes the model directory " + modelDir + " ('..')");
            }
        }
        try {
            Path dir = modelDir.toRealPath();
            Path file = dir.resolve(rel).normalize();
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new OnnxImportException("initializer '" + tensor + "': external data file '" + location
                        + "' not found in " + dir);
            }
            Path real = file.toRealPath();
            if (!real.startsWith(dir)) {
                throw new OnnxImportException("initializer '" + tensor + "': external data file '" + location
                        + "' resolves to " + real + ", outside the model directory " + dir + " (symbolic link)");
            }
            if (!Files.isRegularFile(real)) {
                throw new OnnxImportException("initializer '" + tensor + "': external data file '" + location + "' is not a regular file");
            }
            return real;
        } catch (IOException e) {
            throw new OnnxImportException("initializer '" + tensor + "': cannot resolve external data file '" + location + "': " + e, e);
        }
    }

    private static long parseLong(OnnxMl.TensorProto t, OnnxMl.StringStringEntryProto e) {
        try {
            return Long.parseLong(e.getValue());
        } catch (NumberFormatException ex) {
            throw new OnnxImportException("initializer '" + t.getName() + "': external_data " + e.getKey()
                    + " is not an integer: '" + e.getValue() + "'");
        }
    }
}
