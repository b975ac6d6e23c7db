package io.github.torchact.parity.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.parity.oracle.TorchReference.OracleException;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;

import org.junit.jupiter.api.Test;

/** libtorch defines no heaviside gradient; the Java kernel refuses the same way. */
class HeavisideOracleTest {

    @Test
    void libtorchRaisesForTheGradientAndSoDoesTheKernel() {
        ActivationSpec h = Catalog.get("heaviside");
        assertFalse(h.differentiable());
        HostTensor x = HostTensor.vector(new float[] {-1f, 0f, 2f});
        HostTensor gy = HostTensor.vector(new float[] {1f, 1f, 1f});
        OracleException e = assertThrows(OracleException.class,
                () -> TorchReference.get().backward(h, h.params(0.5), x, null, gy));
        assertTrue(e.getMessage().contains("heaviside"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> h.kernel(h.params(0.5))
                .backward(x.f32(), x.shape(), new float[0][], gy.f32(), new float[3], new float[0][]));
    }
}
