package io.github.torchact.parity.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.torchact.nn.ActivationBlock;
import io.github.torchact.nn.FlexibleReLU;
import io.github.torchact.nn.PReLU;
import io.github.torchact.spec.Catalog;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * A block's saved parameters (PReLU, Flexible ReLU; float32 and float64) with every byte flipped
 * three ways and truncated at every length: each load either gives the saved values exactly or
 * throws {@link MalformedModelException}, never changed weights and never another exception. Stored
 * counts, lengths and dtypes that pass the checksum (a crafted file) are range-checked before any
 * allocation and before DJL decodes anything.
 */
class ParameterFileIntegrityTest {

    private static final Shape INPUT = new Shape(2, 3, 4);

    @Test
    void everyFlipOrTruncationFailsCleanly() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (Supplier<ActivationBlock> make : java.util.List.<Supplier<ActivationBlock>>of(
                    () -> PReLU.builder().optNumParameters(3).build(),
                    () -> FlexibleReLU.builder().optNumParameters(3).build())) {
                for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                    ActivationBlock saved = make.get();
                    saved.initialize(m, t, INPUT);
                    if (t == DataType.FLOAT32) {
                        saved.learnable().getArray().set(FloatBuffer.wrap(new float[] {0.1f, -0.7f, 3f}));
                    } else {
                        saved.learnable().getArray().set(DoubleBuffer.wrap(new double[] {0.1, -0.7, 3}));
                    }
                    byte[] file = save(saved);
                    double[] want = saved.learnable().getArray().toType(DataType.FLOAT64, false).toDoubleArray();
                    assertArrayEquals(want, load(m, make, t, file), "round trip");

                    int refused = 0;
                    int cases = 0;
                    for (int i = 0; i < file.length; i++) {
                        for (int mask : new int[] {0x01, 0x80, 0xff}) {
                            byte[] bad = file.clone();
                            bad[i] ^= (byte) mask;
                            cases++;
                            refused += loadsSameOrRefuses(m, make, t, bad, want, saved + " " + t + " byte " + i + " ^ " + mask);
                        }
                    }
                    for (int len = 0; len < file.length; len++) {
                        byte[] cut = Arrays.copyOf(file, len);
                        assertThrows(MalformedModelException.class, () -> load(m, make, t, cut), "truncated to " + len);
                    }
                    // the checksum catches every single-byte change
                    assertEquals(cases, refused, saved + " " + t);
                }
            }
        }
    }

    @Test
    void storedCountsAreCheckedBeforeAllocation() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Supplier<ActivationBlock> make = () -> PReLU.builder().optNumParameters(3).build();
            assertArrayEquals(new double[] {0.5, 0.5, 0.5}, load(m, make, DataType.FLOAT32, craft(b -> {})), "crafted file");
            for (int n : new int[] {Integer.MAX_VALUE, -1, 1 << 20}) {
                refused(m, make, craft(b -> b.shapes = n), "input shape count " + n);
                refused(m, make, craft(b -> b.rank = n), "rank " + n);
                refused(m, make, craft(b -> b.layout = n), "layout " + n);
                refused(m, make, craft(b -> b.values = n), "parameter value count " + n);
                refused(m, make, craft(b -> b.dataLength = n), "data length " + n);
                refused(m, make, craft(b -> b.tensorRank = n), "tensor rank " + n);
            }
            for (String dtype : new String[] {"BFLOAT16", "INT16", "UINT64", "STRING", "UNKNOWN", "FLOAT16", "NOPE"}) {
                refused(m, make, craft(b -> b.dtype = dtype), "dtype " + dtype);
            }
            refused(m, make, craft(b -> b.tensorDim = 4), "tensor of 4 values");
            // DJL would copy big-endian data as little-endian: changed weights, so refused
            refused(m, make, craft(b -> b.order = '>'), "big-endian data");
            refused(m, make, craft(b -> b.name = "bias"), "another tensor's record");
            refused(m, make, craft(b -> b.trailing = 1), "a byte after the record");
            // a length past what this block can need is refused before the body is read
            byte[] huge = craft(b -> {});
            huge[1] = 0x7f;
            refused(m, make, huge, "record length 2^31-1");
            // the previous format (no checksum) is refused by name
            byte[] v1 = craft(b -> {});
            v1[0] = 1;
            MalformedModelException e = assertThrows(MalformedModelException.class, () -> load(m, make, DataType.FLOAT32, v1));
            assertTrue(e.getMessage().contains("version 1"), e.getMessage());
        }
    }

    /** Returns 1 if refused, 0 if the load gave exactly {@code want}; fails on anything else. */
    private static int loadsSameOrRefuses(NDManager m, Supplier<ActivationBlock> make, DataType t, byte[] file,
            double[] want, String what) {
        try {
            double[] got = load(m, make, t, file);
            assertArrayEquals(want, got, what + ": loaded changed weights");
            return 0;
        } catch (MalformedModelException e) {
            return 1;
        } catch (Exception e) {
            fail(what + ": " + e, e);
            return 0;
        }
    }

    private static void refused(NDManager m, Supplier<ActivationBlock> make, byte[] file, String what) {
        MalformedModelException e = assertThrows(MalformedModelException.class,
                () -> load(m, make, DataType.FLOAT32, file), what);
        assertTrue(e.getMessage().startsWith("PReLU(num_parameters=3)"), what + ": " + e.getMessage());
    }

    private static byte[] save(ActivationBlock b) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream os = new DataOutputStream(bytes);
        b.saveParameters(os);
        os.flush();
        return bytes.toByteArray();
    }

    /** Loads {@code file} into a fresh block initialised as the saved one; returns its learnable values. */
    private static double[] load(NDManager m, Supplier<ActivationBlock> make, DataType t, byte[] file)
            throws IOException, MalformedModelException {
        try (NDManager local = m.newSubManager()) {
            ActivationBlock b = make.get();
            b.initialize(local, t, INPUT);
            b.loadParameters(local, new DataInputStream(new ByteArrayInputStream(file)));
            NDArray w = b.learnable().getArray();
            return w.toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }

    /** The fields of a crafted PReLU(num_parameters=3) file, as the block writes them unless changed. */
    private static final class Fields {
        int shapes = 1;
        int rank = 3;
        int layout = 3;
        int values = 0;
        String name = "weight";
        String dtype = "FLOAT32";
        int tensorRank = 1;
        int tensorDim = 3;
        int dataLength = 12;
        char order = '<';
        int trailing;
    }

    /** A file with a valid length and checksum around the body {@code change} describes. */
    private static byte[] craft(java.util.function.Consumer<Fields> change) throws IOException {
        Fields f = new Fields();
        change.accept(f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(bytes);
        b.writeInt(f.shapes);
        b.writeInt(f.rank);
        for (long d : new long[] {2, 3, 4}) {
            b.writeLong(d);
        }
        b.writeInt(f.layout);
        b.writeChars("???");
        b.writeUTF(Catalog.PRELU.name());
        b.writeInt(f.values);
        b.writeInt(3);
        b.writeChar('P');
        b.writeByte(1);
        b.writeUTF(f.name);
        b.writeUTF("NDAR");
        b.writeInt(3);
        b.writeByte(0);
        b.writeUTF("DENSE");
        b.writeUTF(f.dtype);
        b.writeInt(f.tensorRank);
        b.writeLong(f.tensorDim);
        b.writeInt(1);
        b.writeChar('?');
        b.writeByte(f.order);
        b.writeInt(f.dataLength);
        for (int i = 0; i < 3; i++) {
            b.writeInt(Integer.reverseBytes(Float.floatToIntBits(0.5f))); // little-endian, as '<' says
        }
        b.write(new byte[f.trailing]);
        b.flush();
        byte[] body = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream os = new DataOutputStream(file);
        os.writeByte(2);
        os.writeInt(body.length);
        os.writeInt((int) crc.getValue());
        os.write(body);
        os.flush();
        return file.toByteArray();
    }
}
