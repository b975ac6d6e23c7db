package io.github.torchact.parity.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;

import org.junit.jupiter.api.Test;

import java.util.Map;

/**
 * Values real PyTorch prints (2.13.0 and 1.13.1 agree on these), so the oracle is libtorch, not a
 * re-derivation. Exhaustive per-method checks against golden files are in {@link GoldenValuesTest}.
 */
class OracleIsLibtorchTest {

    private final TorchReference torch = TorchReference.get();

    /** f(x) on libtorch's vectorised path: x repeated to 64 elements (a 1-element tensor takes the scalar path). */
    private float f32(String name, Map<String, Number> params, float x) {
        ActivationSpec s = Catalog.get(name);
        float[] v = new float[64];
        java.util.Arrays.fill(v, x);
        return torch.forward(s, s.params(params), HostTensor.vector(v), null).f32()[0];
    }

    @Test
    void mishIsTorchsNotDjlsLog2Variant() {
        assertEquals(0.86509836f, f32("mish", Map.of(), 1f));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray djl = ai.djl.nn.Activation.mish(m.create(new float[] {1f}));
            assertTrue(Math.abs(djl.getFloat(0) - 0.86509836f) > 0.05f,
                    "DJL's built-in mish (log2) should differ from torch's; got " + djl.getFloat(0));
        }
    }

    @Test
    void geluTanhAndSoftplusThreshold() {
        assertEquals(0.84119198f, f32("gelu_tanh", Map.of(), 1f));
        ActivationSpec sp = Catalog.get("softplus");
        double y = torch.forward(sp, sp.params(Map.of("beta", 2, "threshold", 5)),
                HostTensor.vector(new double[] {3}), null).f64()[0];
        assertEquals(3.0, y, 0.0, "beta*x = 6 > threshold 5: torch returns x exactly");
    }

    @Test
    void leakySlopeIsFloat32() {
        assertEquals(-0.19999999f, f32("leaky_relu", Map.of(), -20f));
    }

    @Test
    void specialValuesAsTorch() {
        assertTrue(Float.isNaN(f32("gelu", Map.of(), Float.POSITIVE_INFINITY)), "gelu(+inf) is NaN on CPU");
        assertEquals(0f, f32("sigmoid", Map.of(), -100f), "f32 exp(100) overflows: sigmoid flushes to 0");
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(f32("relu", Map.of(), -0f)), "relu(-0) = -0");
    }

    @Test
    void reluGradientAtZeroIsZeroAndPreluGradientIsSlope() {
        ActivationSpec relu = Catalog.get("relu");
        float[] g = torch.backward(relu, relu.defaults(), HostTensor.vector(new float[] {0f, -0f, 1f}), null,
                HostTensor.vector(new float[] {3f, 3f, 3f})).input().f32();
        assertArrayEquals(new float[] {0f, 0f, 3f}, g);
        ActivationSpec prelu = Catalog.get("prelu");
        TorchReference.Gradients pg = torch.backward(prelu, prelu.defaults(), HostTensor.vector(new float[] {0f, 2f}),
                HostTensor.vector(new float[] {0.25f}), HostTensor.vector(new float[] {1f, 1f}));
        assertArrayEquals(new float[] {0.25f, 1f}, pg.input().f32());
        assertArrayEquals(new float[] {0f}, pg.weight().f32());
    }

    @Test
    void defaultsMethodsAgreeWithExplicitDefaults() {
        double[] xs = {-3, -0.5, -0.0, 0.0, 0.5, 3, 25};
        for (ActivationSpec s : Catalog.all()) {
            if (s.torchDefaultsExpr() == null) {
                continue;
            }
            HostTensor x = s.layout() == io.github.torchact.spec.Layout.ALONG_DIM
                    ? HostTensor.of(new double[] {-3, -0.5, 0.5, 3}, 2, 2) : HostTensor.vector(xs);
            HostTensor w = s.weight() == null ? null : HostTensor.vector(new double[] {s.weight().init()});
            HostTensor explicit = torch.forward(s, s.defaults(), x, w);
            HostTensor omitted = torch.forwardDefaults(s, x, w);
            assertArrayEquals(explicit.f64(), omitted.f64(), 0.0, s.name() + ": our defaults differ from torch's");
        }
    }
}
