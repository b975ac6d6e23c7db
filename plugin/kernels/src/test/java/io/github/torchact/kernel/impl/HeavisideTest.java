package io.github.torchact.kernel.impl;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;

/** Heaviside has no gradient in PyTorch, so every backward entry point refuses. */
class HeavisideTest {

    @Test
    void everyBackwardThrows() {
        Heaviside k = new Heaviside(0.5);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> k.backward(new float[1], new long[] {1}, new float[0][], new float[1], new float[1], new float[0][]));
        assertTrue(e.getMessage().contains("heaviside"), e.getMessage());
        assertThrows(UnsupportedOperationException.class,
                () -> k.backward(new double[0], new long[] {0}, new double[0][], new double[0], new double[0], new double[0][]));
        assertThrows(UnsupportedOperationException.class, () -> k.grad(1f, 1f));
        assertThrows(UnsupportedOperationException.class,
                () -> k.backward(FloatBuffer.allocate(0), FloatBuffer.allocate(0), FloatBuffer.allocate(0)));
    }
}
