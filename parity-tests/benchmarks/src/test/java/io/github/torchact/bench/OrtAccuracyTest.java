package io.github.torchact.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.StandardInputs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How far ONNX Runtime's forms of each activation (the benchmark peers, {@link OnnxModels}) are from
 * libtorch on the standard float32 inputs: written to {@code target/ort-accuracy.md} for the
 * benchmark README, beside ORT's speed. Asserted: each model computes the activation it stands for
 * (median error under 1e-6 relative; a wrong op or attribute fails), and ORT's relu is bitwise.
 */
class OrtAccuracyTest {

    @Test
    void ortAgainstLibtorch() throws OrtException, IOException {
        StringBuilder md = new StringBuilder("| activation | ONNX form | max ulp | not bitwise | NaN/Inf mismatches | within torchact's bound |\n|---|---|---|---|---|---|\n");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (ActivationSpec s : Catalog.all()) {
            Params p = BenchCase.params(s);
            if (p == null) {
                continue;
            }
            double[] std = StandardInputs.values(false, s.thresholds(p), s.plotMin(), s.plotMax());
            float[] x = new float[std.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) std[i];
            }
            long[] shape = {x.length / 64, 64};
            HostTensor in = HostTensor.of(x, shape);
            HostTensor ref = null;
            for (String variant : new String[] {"op", "chain"}) {
                byte[] model = OnnxModels.model(variant, p, shape);
                if (model == null || (variant.equals("chain") && sameAsOp(s, p, shape))) {
                    continue;
                }
                if (ref == null) {
                    ref = TorchReference.get().forward(s, p, in, null);
                }
                HostTensor got = HostTensor.of(run(env, model, x, shape), shape);
                Stats st = Stats.compare(s.bounds().get(false, false), in, ref, got);
                md.append(String.format("| %s | %s | %d | %d / %d | %d | %s |%n", s.name(), variant, st.maxUlp(),
                        st.nonBitwise(), st.count(), st.nanMismatches() + st.infMismatches(), st.passed() ? "yes" : "no"));
                assertTrue(medianRelativeError(ref.f32(), got.f32()) < 1e-6,
                        s.name() + " " + variant + ": the ONNX model does not compute this activation");
                if (s == Catalog.RELU) {
                    assertEquals(0, st.nonBitwise(), "ORT relu should be bitwise");
                }
            }
        }
        Path out = Path.of("target", "ort-accuracy.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.out.print(md);
    }

    /** The chain form is only listed where it differs from the single op. */
    private static boolean sameAsOp(ActivationSpec s, Params p, long[] shape) {
        return java.util.Arrays.equals(OnnxModels.model("op", p, shape), OnnxModels.model("chain", p, shape));
    }

    private static float[] run(OrtEnvironment env, byte[] model, float[] x, long[] shape) throws OrtException {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, o);
                    OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                    OrtSession.Result r = session.run(Map.of("x", t))) {
                return ((OnnxTensor) r.get(0)).getFloatBuffer().array();
            }
        }
    }

    private static double medianRelativeError(float[] ref, float[] got) {
        double[] e = new double[ref.length];
        int n = 0;
        for (int i = 0; i < ref.length; i++) {
            if (Float.isFinite(ref[i]) && Float.isFinite(got[i])) {
                e[n++] = Math.abs((double) got[i] - ref[i]) / Math.max(Math.abs((double) ref[i]), 1e-30);
            }
        }
        java.util.Arrays.sort(e, 0, n);
        return n == 0 ? 0 : e[n / 2];
    }
}
