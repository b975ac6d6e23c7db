package io.github.torchact.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The peers compute the activation they stand for, for every catalog entry they claim (whether or
 * not its Java kernel has landed): each ONNX model built in code, run by ONNX Runtime, and each DJL
 * libtorch call, against the libtorch oracle on a grid over the plot range. The tolerance is loose
 * (ORT's sigmoid, tanh and elu are approximations): this checks the benchmark wiring, not parity.
 */
class PeerModelsTest {

    private static final int N = 4 * BenchCase.ROW;

    static Stream<Arguments> onnx() {
        List<Arguments> cases = new ArrayList<>();
        for (ActivationSpec s : Catalog.all()) {
            Params p = BenchCase.params(s);
            for (String variant : new String[] {"op", "chain"}) {
                if (p != null && OnnxModels.model(variant, p, BenchCase.shape(N)) != null) {
                    cases.add(Arguments.of(s.name(), variant));
                }
            }
        }
        return cases.stream();
    }

    static Stream<String> torch() {
        return Catalog.all().stream()
                .filter(s -> BenchCase.params(s) != null && TorchOps.of(BenchCase.params(s)) != null)
                .map(ActivationSpec::name);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("onnx")
    void onnxModelComputesTheActivation(String activation, String variant) throws Exception {
        Params p = BenchCase.params(activation);
        long[] shape = BenchCase.shape(N);
        float[] x = grid(p.spec());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(OnnxModels.model(variant, p, shape), new OrtSession.SessionOptions());
                OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                OrtSession.Result r = session.run(Map.of("x", in))) {
            float[] got = new float[N];
            ((OnnxTensor) r.get(0)).getFloatBuffer().get(got);
            assertClose(activation + " " + variant, x, reference(p, x, shape), got);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("torch")
    void djlCallComputesTheActivation(String activation) {
        Params p = BenchCase.params(activation);
        long[] shape = BenchCase.shape(N);
        float[] x = grid(p.spec());
        UnaryOperator<NDArray> op = TorchOps.of(p);
        assertNotNull(op);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] got = op.apply(m.create(x, new Shape(shape))).toFloatArray();
            assertClose(activation, x, reference(p, x, shape), got);
        }
    }

    private static float[] reference(Params p, float[] x, long[] shape) {
        return TorchReference.get().forward(p.spec(), p, HostTensor.of(x, shape), null).f32();
    }

    private static float[] grid(ActivationSpec s) {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) (s.plotMin() + (s.plotMax() - s.plotMin()) * i / (N - 1));
        }
        return x;
    }

    private static void assertClose(String what, float[] x, float[] want, float[] got) {
        boolean allEqual = true;
        for (int i = 0; i < want.length; i++) {
            double tol = 1e-4 + 1e-4 * Math.abs(want[i]);
            assertTrue(Math.abs(want[i] - got[i]) <= tol,
                    what + " at x = " + x[i] + ": libtorch " + want[i] + ", peer " + got[i]);
            allEqual &= want[i] == x[i];
        }
        assertFalse(allEqual && !what.startsWith("identity"), what + ": output equals input, not an activation");
    }
}
