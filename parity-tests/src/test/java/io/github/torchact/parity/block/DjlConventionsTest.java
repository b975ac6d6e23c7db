package io.github.torchact.parity.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

import io.github.torchact.functional.Activations;
import io.github.torchact.nn.GELU;
import io.github.torchact.nn.PReLU;
import io.github.torchact.nn.Softmax;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;

/** What a DJL user sees: reprs inside containers, load errors in PyTorch's repr, the NDList forms and DJL's names. */
class DjlConventionsTest {

    @Test
    void sequentialBlockPrintsPyTorchReprs() {
        SequentialBlock net = new SequentialBlock()
                .add(Linear.builder().setUnits(16).build())
                .add(GELU.builder().optApproximate("tanh").build())
                .add(PReLU.builder().build())
                .add(Linear.builder().setUnits(4).build())
                .add(Softmax.builder().setDim(-1).build());
        String before = net.toString();
        assertTrue(before.contains("\tGELU(approximate='tanh')\n"), before);
        assertTrue(before.contains("\tPReLU(num_parameters=1)\n"), before);
        assertTrue(before.contains("\tSoftmax(dim=-1)\n"), before);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            net.initialize(m, DataType.FLOAT32, new Shape(2, 8));
            String after = net.toString();
            assertTrue(after.contains("\tGELU(approximate='tanh')(2, 16) -> (2, 16)"), after);
            assertTrue(after.contains("\tSoftmax(dim=-1)(2, 4) -> (2, 4)"), after);
        }
    }

    @Test
    void mismatchedLoadSaysBothReprs() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            GELU saved = GELU.builder().optApproximate("tanh").build();
            saved.initialize(m, DataType.FLOAT32, new Shape(2));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            saved.saveParameters(new DataOutputStream(bytes));
            GELU other = new GELU();
            MalformedModelException e = assertThrows(MalformedModelException.class,
                    () -> other.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
            assertEquals("saved parameters are for GELU(approximate='tanh'), this block is GELU(approximate='none')",
                    e.getMessage());

            PReLU three = PReLU.builder().optNumParameters(3).build();
            three.initialize(m, DataType.FLOAT32, new Shape(2, 3));
            ByteArrayOutputStream prelu = new ByteArrayOutputStream();
            three.saveParameters(new DataOutputStream(prelu));
            PReLU one = PReLU.builder().build();
            e = assertThrows(MalformedModelException.class,
                    () -> one.loadParameters(m, new DataInputStream(new ByteArrayInputStream(prelu.toByteArray()))));
            assertTrue(e.getMessage().contains("PReLU(num_parameters=3)") && e.getMessage().contains("PReLU(num_parameters=1)"),
                    e.getMessage());
        }
    }

    @Test
    void ndListFormsAndDjlNamesGiveTheSameArrays() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.create(new float[] {-30f, -2f, -0.5f, 0f, 0.5f, 2f, 30f}, new Shape(7));
            NDList xs = new NDList(x);
            assertArrayEquals(Activations.gelu(x, "tanh").toFloatArray(),
                    Activations.gelu(xs, "tanh").singletonOrThrow().toFloatArray());
            assertArrayEquals(Activations.softmax(x, -1).toFloatArray(),
                    Activations.softmax(xs, -1).singletonOrThrow().toFloatArray());
            assertArrayEquals(Activations.leakyRelu(x, 0.2).toFloatArray(),
                    Activations.leakyRelu(xs, 0.2).singletonOrThrow().toFloatArray());
            assertArrayEquals(Activations.softplus(x).toFloatArray(), Activations.softPlus(x).toFloatArray());
            assertArrayEquals(Activations.softplus(x, 2, 5).toFloatArray(),
                    Activations.softPlus(xs, 2, 5).singletonOrThrow().toFloatArray());
            assertArrayEquals(Activations.softsign(x).toFloatArray(),
                    Activations.softSign(xs).singletonOrThrow().toFloatArray());

            IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                    () -> Activations.relu(new NDList(x, x)));
            assertEquals("relu: expected an NDList holding one array, got 2", two.getMessage());
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> Activations.relu((NDList) null));
            assertEquals("relu: input must not be null", none.getMessage());
        }
    }
}
