package io.github.torchact.torchscript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * A zip of stored (uncompressed) entries, as {@code torch.jit.save} writes its archives (PKWARE APPNOTE 6.3.x: local
 * headers, central directory, end record; no zip64, no data descriptors). {@link java.util.zip.ZipOutputStream} sets
 * up a zlib deflater even when every entry is stored, and that alone was 5% of an ONNX model's import.
 */
final class StoredZip {

    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final ByteArrayOutputStream directory = new ByteArrayOutputStream();
    private int entries;

    /** Adds entry {@code name} (ASCII) holding {@code content}. */
    void add(String name, byte[] content) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(content);
        int offset = data.size();
        header(data, 0x04034b50, n, (int) crc.getValue(), content.length, -1);
        data.writeBytes(content);
        header(directory, 0x02014b50, n, (int) crc.getValue(), content.length, offset);
        entries++;
    }

    /** Writes the archive to {@code out}. */
    void writeTo(OutputStream out) throws IOException {
        ByteArrayOutputStream end = new ByteArrayOutputStream();
        int32(end, 0x06054b50);
        int16(end, 0); // this disk
        int16(end, 0); // disk of the central directory
        int16(end, entries);
        int16(end, entries);
        int32(end, directory.size());
        int32(end, data.size());
        int16(end, 0); // comment length
        data.writeTo(out);
        directory.writeTo(out);
        end.writeTo(out);
    }

    /** A local header ({@code offset} < 0) or a central directory header of a stored entry. */
    private static void header(ByteArrayOutputStream out, int signature, byte[] name, int crc, int size, int offset) {
        int32(out, signature);
        if (offset >= 0) {
            int16(out, 20); // made by: version 2.0
        }
        int16(out, 20); // needed to extract: version 2.0
        int16(out, 0); // flags
        int16(out, 0); // method: stored
        int16(out, 0); // time
        int16(out, 0x21); // date: 1980-01-01
        int32(out, crc);
        int32(out, size); // compressed
        int32(out, size);
        int16(out, name.length);
        int16(out, 0); // extra field length
        if (offset >= 0) {
            int16(out, 0); // comment length
            int16(out, 0); // disk
            int16(out, 0); // internal attributes
            int32(out, 0); // external attributes
            int32(out, offset);
        }
        out.writeBytes(name);
    }

    private static void int16(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        int16(out, v);
        int16(out, v >>> 16);
    }
}
