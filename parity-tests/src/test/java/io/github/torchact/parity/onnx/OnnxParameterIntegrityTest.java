package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * OnnxGraphBlock parameter files carry integrity metadata (count, names, shapes, types, CRC32 per parameter and of the
 * metadata): a file flipped or truncated anywhere either loads exactly the saved values or fails with a
 * {@link MalformedModelException}; nothing else escapes and nothing loads silently changed.
 */
class OnnxParameterIntegrityTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static byte[] save(OnnxGraphBlock block) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        block.saveParameters(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static List<byte[]> values(OnnxGraphBlock block) {
        List<byte[]> out = new ArrayList<>();
        for (Parameter p : block.getParameters().values()) {
            ByteBuffer b = p.getArray().toByteBuffer();
            byte[] a = new byte[b.remaining()];
            b.get(a);
            out.add(a);
        }
        return out;
    }

    /** Loads {@code file}: true if it loaded (the values must then be the saved ones), false if refused. */
    private static boolean load(OnnxGraphBlock block, byte[] file, List<byte[]> expected, String what) {
        try (NDManager m = manager.newSubManager()) {
            try {
                block.loadParameters(m, new DataInputStream(new ByteArrayInputStream(file)));
            } catch (MalformedModelException e) {
                return false;
            } catch (Throwable t) {
                fail(what + ": " + t + " escaped instead of MalformedModelException", t);
            }
            List<byte[]> got = values(block);
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(expected.get(i), got.get(i), what + ": loaded changed values of parameter " + i);
            }
            return true;
        }
    }

    @Test
    void everyFlipOrTruncationLoadsTheSavedValuesOrFails() throws Exception {
        Path model = OnnxTestSupport.corpus().resolve("cnn_op13/model.onnx");
        try (NDManager m = manager.newSubManager()) {
            OnnxGraphBlock saved = OnnxImporter.importModel(model, m);
            byte[] file = save(saved);
            List<byte[]> expected = values(saved);
            OnnxGraphBlock target = OnnxImporter.importModel(model, m);
            assertTrue(load(target, file, expected, "intact file"), "the intact file must load");
            int loaded = 0;
            int refused = 0;
            for (int pos = 0; pos < file.length; pos++) {
                for (int mask : new int[] {0x01, 0xFF}) {
                    byte[] f = file.clone();
                    f[pos] ^= (byte) mask;
                    if (load(target, f, expected, "byte " + pos + " ^ " + mask)) {
                        loaded++;
                    } else {
                        refused++;
                    }
                }
            }
            int truncLoaded = 0;
            int truncations = 0;
            for (int len = 0; len < file.length; len += 1 + len / 64) {
                truncLoaded += load(target, Arrays.copyOf(file, len), expected, "truncated to " + len) ? 1 : 0;
                truncations++;
            }
            System.out.printf("PARAMS %d-byte file: %d flips loaded identical values, %d refused; %d truncations, loaded: %d%n",
                    file.length, loaded, refused, truncations, truncLoaded);
            assertEquals(0, truncLoaded, "a truncated file loaded");
            assertTrue(refused > 0.9 * (loaded + refused), "most flips must be detected");
        }
    }

    @Test
    void metadataCountsAreCheckedBeforeAllocation() throws Exception {
        Path model = OnnxTestSupport.corpus().resolve("mlp_prelu_op13/model.onnx");
        try (NDManager m = manager.newSubManager()) {
            OnnxGraphBlock block = OnnxImporter.importModel(model, m);
            byte[] file = save(block);
            // the metadata length (after the version byte) set to 2^31 - 1 and to -1: refused before anything is allocated
            for (int len : new int[] {Integer.MAX_VALUE, -1}) {
                byte[] f = file.clone();
                ByteBuffer.wrap(f).putInt(1, len);
                MalformedModelException e = assertThrows(MalformedModelException.class,
                        () -> block.loadParameters(m, new DataInputStream(new ByteArrayInputStream(f))));
                assertTrue(e.getMessage().contains("metadata length"), e.getMessage());
            }
            byte[] v1 = file.clone();
            v1[0] = 1;
            MalformedModelException e = assertThrows(MalformedModelException.class,
                    () -> block.loadParameters(m, new DataInputStream(new ByteArrayInputStream(v1))));
            assertTrue(e.getMessage().contains("version 1"), e.getMessage());
            // a parameter's bytes changed: the message names it
            byte[] tail = file.clone();
            tail[tail.length - 1] ^= 1;
            e = assertThrows(MalformedModelException.class,
                    () -> block.loadParameters(m, new DataInputStream(new ByteArrayInputStream(tail))));
            String last = block.getParameters().values().get(block.getParameters().size() - 1).getName();
            assertTrue(e.getMessage().contains("'" + last + "'") && e.getMessage().contains("checksum"), e.getMessage());
        }
    }
}
