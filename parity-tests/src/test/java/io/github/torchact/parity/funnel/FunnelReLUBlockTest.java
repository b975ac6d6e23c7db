package io.github.torchact.parity.funnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

import io.github.torchact.nn.FunnelReLU;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;

/** FunnelReLU's builder, repr, initialisation, shapes and parameter file. */
class FunnelReLUBlockTest {

    @Test
    void reprAndBuilder() {
        assertEquals("FunnelReLU(64, kernel_size=3)", FunnelReLU.builder().setChannels(64).build().toString());
        assertEquals("FunnelReLU(8, kernel_size=5)", FunnelReLU.builder().setChannels(8).optKernelSize(5).build().toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FunnelReLU.builder().build())
                .getMessage().contains("setChannels"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FunnelReLU.builder().setChannels(0).build())
                .getMessage().contains("channels must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> FunnelReLU.builder().setChannels(2).optKernelSize(4).build()).getMessage().contains("odd"));
        SequentialBlock net = new SequentialBlock().add(FunnelReLU.builder().setChannels(3).build());
        assertTrue(net.toString().contains("FunnelReLU(3, kernel_size=3)"), net.toString());
    }

    @Test
    void initialisedAsTorch() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            FunnelReLU b = FunnelReLU.builder().setChannels(64).build();
            b.initialize(m, DataType.FLOAT32, new Shape(1, 64, 4, 4));
            float bound = (float) (1 / Math.sqrt(9));
            for (int i = 0; i < 2; i++) {
                float[] v = b.tensors().get(i).getArray().toFloatArray();
                float max = 0;
                for (float f : v) {
                    assertTrue(Math.abs(f) <= bound, b.tensors().get(i).getName() + " outside U(-1/3, 1/3): " + f);
                    max = Math.max(max, Math.abs(f));
                }
                assertTrue(max > 0.8 * bound, "kaiming-uniform(a=sqrt(5)) fills U(-1/3, 1/3)");
            }
            assertArrayEquals(new Shape(64, 1, 3, 3).getShape(), b.tensors().get(0).getArray().getShape().getShape());
            float[][] want = {ones(64, 1), ones(64, 0), ones(64, 0), ones(64, 1)};
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(want[i], b.tensors().get(2 + i).getArray().toFloatArray());
            }
            assertTrue(!b.tensors().get(4).requiresGradient() && !b.tensors().get(5).requiresGradient());
        }
    }

    @Test
    void refusesBadInput() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            FunnelReLU b = FunnelReLU.builder().setChannels(3).build();
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> b.initialize(m, DataType.FLOAT32, new Shape(1, 4, 5, 5))).getMessage().contains("(N, 3, H, W)"));
            assertThrows(IllegalArgumentException.class, () -> b.initialize(m, DataType.FLOAT16, new Shape(1, 3, 5, 5)));
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 5, 5));
            NDArray x = m.ones(new Shape(3, 5, 5));
            assertThrows(IllegalArgumentException.class,
                    () -> b.forward(new ParameterStore(m, false), new NDList(x), false));
            NDArray d = m.ones(new Shape(1, 3, 5, 5), DataType.FLOAT64);
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> b.forward(new ParameterStore(m, false), new NDList(d), false)).getMessage().contains("float32"));
        }
    }

    @Test
    void saveAndLoadRoundTrip() throws Exception {
        FunnelCase c = FunnelCase.random(3, false, 2, 3, 5, 5, 3);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            FunnelReLU a = c.block(m);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.saveParameters(new DataOutputStream(bytes));
            byte[] file = bytes.toByteArray();

            FunnelReLU b = FunnelReLU.builder().setChannels(3).build();
            b.initialize(m, DataType.FLOAT32, new Shape(2, 3, 5, 5));
            b.loadParameters(m, new DataInputStream(new ByteArrayInputStream(file)));
            for (int i = 0; i < 6; i++) {
                assertArrayEquals(a.tensors().get(i).getArray().toFloatArray(), b.tensors().get(i).getArray().toFloatArray());
            }
            NDArray x = c.x().toNDArray(m);
            assertArrayEquals(a.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray(),
                    b.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray());

            FunnelReLU other = FunnelReLU.builder().setChannels(3).optKernelSize(5).build();
            assertThrows(MalformedModelException.class,
                    () -> other.loadParameters(m, new DataInputStream(new ByteArrayInputStream(file))));
            byte[] flipped = file.clone();
            flipped[flipped.length - 3] ^= 1;
            assertTrue(assertThrows(MalformedModelException.class,
                    () -> b.loadParameters(m, new DataInputStream(new ByteArrayInputStream(flipped)))).getMessage()
                    .contains("checksum"));
            byte[] cut = java.util.Arrays.copyOf(file, file.length - 10);
            assertThrows(MalformedModelException.class,
                    () -> b.loadParameters(m, new DataInputStream(new ByteArrayInputStream(cut))));
            assertNotEquals(0, file.length);
        }
    }

    private static float[] ones(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
