package io.github.torchact.parity.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.torchact.kernel.impl.GeluTanh;
import io.github.torchact.kernel.math.Libm;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

/**
 * gelu(approximate='tanh')'s scalar loop (a 15-element float32 tensor is all tail): on inputs where
 * rounding κ·x³ before adding x or fusing the two gives a different tanh, libtorch's forward matches
 * the rounded form ({@link GeluTanh#applyTail}) and its backward the fused one ({@link
 * GeluTanh#gradTail}), bit for bit.
 */
class GeluTanhTailTest {

    private static final float BETA = (float) (1.41421356237309504880 * 1.12837916709551257390 * 0.5);
    private static final float KAPPA = (float) 0.044715;

    @Test
    void scalarLoopRoundsForwardAndFusesBackward() {
        float[] x = new float[15];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < x.length;) {
            float v = (float) (rnd.nextDouble() * 8 - 4);
            float cube = v * v * v;
            if (Libm.tanh(BETA * (v + KAPPA * cube)) != Libm.tanh(BETA * Math.fma(KAPPA, cube, v))) {
                x[i++] = v;
            }
        }
        float[] gy = new float[x.length];
        java.util.Arrays.fill(gy, 1f);
        Params p = Catalog.GELU_TANH.paramSets().get(0);
        GeluTanh k = (GeluTanh) Catalog.GELU_TANH.kernel(p);
        HostTensor hx = HostTensor.of(x, x.length);
        float[] y = new float[x.length];
        float[] gx = new float[x.length];
        k.forward(x, 0, y, 0, x.length);
        k.backward(x, 0, gy, 0, gx, 0, x.length);
        assertArrayEquals(TorchReference.get().forward(Catalog.GELU_TANH, p, hx, null).f32(), y, "forward");
        assertArrayEquals(TorchReference.get().backward(Catalog.GELU_TANH, p, hx, null, HostTensor.of(gy, gy.length))
                .input().f32(), gx, "backward");
    }
}
