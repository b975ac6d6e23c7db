package io.github.torchact.torchscript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a TorchScript archive (the {@code .pt} zip that {@code torch.jit.load} reads) for a module
 * with no parameters, from its TorchScript source alone: no Python needed.
 *
 * <p>The archive holds {@code code/__torch__.py} (the source, in TorchScript's serialized dialect),
 * {@code data.pkl} (a protocol-2 pickle of the module object: {@code __torch__.<Class>} with {@code
 * training = False}), {@code constants.pkl} (an empty tuple) and {@code version}: 10, the newest
 * format libtorch 2.7.1 reads. An older number would make the loader apply operator upgraders (e.g.
 * {@code gelu} before version 10 has no {@code approximate} argument).
 */
public final class TorchScriptArchive {

    private static final String FORMAT_VERSION = "10\n";

    private TorchScriptArchive() {}

    /**
     * Writes the archive.
     *
     * @param out where the zip goes
     * @param className the module class defined in {@code source}
     * @param source the TorchScript source of {@code code/__torch__.py}
     * @throws IOException if writing fails
     */
    public static void write(OutputStream out, String className, String source) throws IOException {
        if (!className.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("className must be a Python identifier, got: " + className);
        }
        String root = "archive/";
        StoredZip zip = new StoredZip();
        zip.add(root + "data.pkl", modulePickle(className));
        zip.add(root + "code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
        zip.add(root + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
        zip.add(root + "version", FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
        zip.writeTo(out);
    }

    /**
     * Writes the archive to {@code file}.
     *
     * @param file the {@code .pt} file to create or replace
     * @param className the module class defined in {@code source}
     * @param source the TorchScript source
     * @throws IOException if writing fails
     */
    public static void write(Path file, String className, String source) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, className, source);
        }
    }

    /** {@code __torch__.<className>()} built with state {@code {'training': False}}. */
    private static byte[] modulePickle(String className) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80); // PROTO 2
        p.write(2);
        writeAscii(p, "c__torch__\n" + className + "\n"); // GLOBAL
        p.write(')'); // EMPTY_TUPLE
        p.write(0x81); // NEWOBJ
        p.write('}'); // EMPTY_DICT
        p.write('X'); // BINUNICODE "training"
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        p.write(key.length);
        p.write(0);
        p.write(0);
        p.write(0);
        p.writeBytes(key);
        p.write(0x89); // NEWFALSE
        p.write('s'); // SETITEM
        p.write('b'); // BUILD
        p.write('.'); // STOP
        return p.toByteArray();
    }

    private static void writeAscii(ByteArrayOutputStream p, String s) {
        p.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
