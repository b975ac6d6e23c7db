package io.github.torchact.parity.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import io.github.torchact.engine.TorchScriptModules;
import io.github.torchact.functional.Activations;
import io.github.torchact.nn.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Invalid parameters and inputs fail with a clear message naming the argument, before any computation. */
class InvalidParametersTest {

    private static void fails(String expectedInMessage, Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(expectedInMessage), ex.getMessage());
    }

    @Test
    void builders() {
        fails("alpha", () -> CELU.builder().optAlpha(0).build());
        fails("max_val must be >= min_val", () -> Hardtanh.builder().optMinVal(2).optMaxVal(1).build());
        fails("lambd", () -> Hardshrink.builder().optLambd(-0.5).build());
        fails("lambd", () -> Softshrink.builder().optLambd(-1).build());
        fails("you must set dim", () -> Softmax.builder().build());
        fails("you must set dim", () -> LogSoftmax.builder().build());
        fails("you must set dim", () -> Softmin.builder().build());
        fails("you must set threshold", () -> Threshold.builder().setValue(1).build());
        fails("you must set values", () -> Heaviside.builder().build());
        fails("approximate", () -> GELU.builder().optApproximate("erf").build());
        fails("num_parameters", () -> PReLU.builder().optNumParameters(0).build());
        fails("Lower bound", () -> RReLU.builder().optLower(0.5).optUpper(0.1).build());
        fails("negative_slope", () -> LeakyReLU.builder().optNegativeSlope(Double.NaN).build());
    }

    @Test
    void forwardChecksBeforeComputing() {
        long loaded = TorchScriptModules.shared().loads();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.ones(new Shape(2, 3, 4));
            fails("Dimension out of range", () -> Activations.softmax(x, 3));
            fails("Dimension out of range", () -> forward(Softmax.builder().setDim(-4).build(), m, x));
            fails("Halving dimension must be even", () -> Activations.glu(x, 1));
            fails("expected input to be 3D or 4D", () -> Activations.softmax2d(m.ones(new Shape(4, 4))));
            fails("dtype must be float32 or float64", () -> Activations.relu(m.ones(new Shape(3), DataType.INT32)));
            fails("dtype must be float32 or float64", () -> Activations.gelu(m.ones(new Shape(3), DataType.FLOAT16)));
            fails("Mismatch of parameter numbers and input channel size",
                    () -> Activations.prelu(x, m.ones(new Shape(4))));
            fails("differs from input dtype", () -> Activations.prelu(x, m.ones(new Shape(1), DataType.FLOAT64)));
            PReLU p = PReLU.builder().optNumParameters(4).build();
            fails("Mismatch of parameter numbers and input channel size",
                    () -> p.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4)));
        }
        // nothing reached libtorch: no module was loaded for the rejected calls
        assertEquals(loaded, TorchScriptModules.shared().loads(), "a rejected call loaded a module");
    }

    private static NDArray forward(ActivationBlock b, NDManager m, NDArray x) {
        b.initialize(m, DataType.FLOAT32, x.getShape());
        return b.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }
}
