package io.github.torchact.parity.funnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;

import io.github.torchact.parity.oracle.FunnelReference;
import io.github.torchact.parity.oracle.HostTensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * FunnelReLU on DJL's PyTorch engine against the oracle module (torch ops in TorchScript): output,
 * running statistics, and the gradients of the input and every learnable tensor, training and eval,
 * float32 and float64, bit for bit (the same libtorch operators in the same order).
 */
class FunnelReLUParityTest {

    private static FunnelReference oracle;

    @BeforeAll
    static void load() {
        oracle = FunnelReference.load();
    }

    @AfterAll
    static void close() {
        oracle.close();
    }

    @ParameterizedTest(name = "{0} training={1} k={2}")
    @CsvSource({
        "f32, false, 3", "f32, true, 3", "f64, false, 3", "f64, true, 3",
        "f32, true, 5", "f64, false, 1", "f32, false, 7",
    })
    void bitwiseAgainstTorchOps(String dtype, boolean training, int k) {
        FunnelCase c = FunnelCase.random(18 + k, dtype.equals("f64"), 2, 3, 6, 5, k);
        HostTensor[] want = oracle.forward(c.x(), c.params(), training);
        HostTensor[] grads = oracle.backward(c.x(), c.params(), training, c.gy());
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            HostTensor[] got = c.runBlock(m, training, true);
            String[] names = {"y", "running_mean", "running_var"};
            for (int i = 0; i < 3; i++) {
                assertBitwise(want[i], got[i], names[i]);
            }
            String[] gnames = {"grad x", "grad conv_weight", "grad conv_bias", "grad bn_weight", "grad bn_bias"};
            for (int i = 0; i < 5; i++) {
                assertBitwise(grads[i], got[3 + i], gnames[i]);
            }
            // forward without a gradient collector: same values and running statistics
            HostTensor[] plain = c.runBlock(m, training, false);
            for (int i = 0; i < 3; i++) {
                assertBitwise(want[i], plain[i], names[i] + " (no collector)");
            }
        }
        if (!training) {
            assertBitwise(c.params()[4], want[1], "eval leaves running_mean");
        } else {
            org.junit.jupiter.api.Assertions.assertNotEquals(c.params()[4].get(0), want[1].get(0),
                    "training updates running_mean");
        }
    }

    /** At x == T(x) torch.maximum's gradient goes half to x and half to T(x); the block's does too. */
    @Test
    void tieSplitsTheGradientAsTorch() {
        FunnelCase c = FunnelCase.random(5, false, 1, 2, 3, 3, 3);
        int n = 18;
        float[] zeros = new float[n];
        HostTensor x = HostTensor.of(zeros, 1, 2, 3, 3); // x = 0 = T(x) everywhere below
        HostTensor[] p = c.params().clone();
        p[0] = HostTensor.of(new float[18], 2, 1, 3, 3);
        p[1] = HostTensor.of(new float[2], 2);
        p[3] = HostTensor.of(new float[2], 2);
        p[4] = HostTensor.of(new float[2], 2);
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        FunnelCase tie = new FunnelCase(x, p, HostTensor.of(ones, 1, 2, 3, 3));
        HostTensor[] grads = oracle.backward(x, p, false, tie.gy());
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            HostTensor[] got = tie.runBlock(m, false, true);
            assertBitwise(grads[0], got[3], "grad x at ties");
            // d/dx = 1/2 (the max's own share) + 1/2 * d T / d x (0: zero kernels)
            for (float g : got[3].f32()) {
                assertEquals(0.5f, g);
            }
            assertBitwise(grads[2], got[5], "grad conv_bias at ties");
        }
    }

    static void assertBitwise(HostTensor want, HostTensor got, String what) {
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        for (int i = 0; i < want.size(); i++) {
            if (want.isF64()) {
                assertEquals(Double.doubleToRawLongBits(want.f64()[i]), Double.doubleToRawLongBits(got.f64()[i]),
                        () -> what + ": not bitwise equal to libtorch");
            } else {
                assertEquals(Float.floatToRawIntBits(want.f32()[i]), Float.floatToRawIntBits(got.f32()[i]),
                        () -> what + ": not bitwise equal to libtorch");
            }
        }
    }
}
