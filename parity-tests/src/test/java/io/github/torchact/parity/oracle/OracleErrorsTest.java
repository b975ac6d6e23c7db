package io.github.torchact.parity.oracle;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;

import org.junit.jupiter.api.Test;

import java.util.Map;

/** Bad requests get exceptions that name what is wrong; the JVM never aborts. */
class OracleErrorsTest {

    private final TorchReference torch = TorchReference.get();
    private final HostTensor x = HostTensor.of(new float[] {1, 2, 3, 4}, 2, 2);

    private static void assertMessage(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should mention " + p);
        }
    }

    @Test
    void unknownActivation() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Catalog.get("swishh")), "swishh", "known");
    }

    @Test
    void wrongParameterCountAndNames() {
        ActivationSpec lr = Catalog.get("leaky_relu");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> lr.params(0.1, 0.2)), "leaky_relu", "1 parameter");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> lr.params(Map.of("slope", 0.1))), "slope");
        ActivationSpec th = Catalog.get("threshold");
        assertMessage(assertThrows(IllegalArgumentException.class, th::defaults), "threshold", "missing");
    }

    @Test
    void badDim() {
        ActivationSpec sm = Catalog.get("softmax");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> torch.forward(sm, sm.params(Map.of("dim", 2)), x, null)), "Dimension out of range", "[-2, 1]", "2");
        ActivationSpec glu = Catalog.get("glu");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> torch.forward(glu, glu.defaults(), HostTensor.of(new float[] {1, 2, 3}, 1, 3), null)),
                "Halving dimension must be even");
    }

    @Test
    void unsupportedDtype() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> HostTensor.of(m.create(new int[] {1, 2}))), "int32", "float32 and float64");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> HostTensor.of(m.create(new float[] {1, 2}).toType(DataType.FLOAT16, false))), "float16");
        }
    }

    @Test
    void missingOrUnexpectedWeight() {
        ActivationSpec prelu = Catalog.get("prelu");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> torch.forward(prelu, prelu.defaults(), x, null)),
                "prelu", "weight");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> torch.forward(prelu, prelu.defaults(), x,
                HostTensor.vector(new float[] {1, 2, 3}))), "channel size = 2");
    }

    @Test
    void libtorchErrorsAreWrappedNotFatal() {
        ActivationSpec sm = Catalog.get("softmax");
        // a 0-d input is accepted by our checks for dim 0 but libtorch computes it; a heaviside backward raises in torch
        ActivationSpec hv = Catalog.get("heaviside");
        TorchReference.OracleException e = assertThrows(TorchReference.OracleException.class,
                () -> torch.backward(hv, hv.params(Map.of("values", 0.5)), x, null, x));
        assertMessage(e, "heaviside_backward", "not implemented");
        assertTrue(sm != null);
    }
}
