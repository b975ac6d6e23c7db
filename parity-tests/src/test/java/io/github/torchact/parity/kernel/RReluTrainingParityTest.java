package io.github.torchact.parity.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.torchact.kernel.impl.RRelu;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.OracleEnvironment;
import io.github.torchact.torchscript.TorchScriptArchive;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * RReLU in training mode against libtorch's {@code torch.rrelu(x, lower, upper, True)}, run through a
 * test-only TorchScript module that returns the output and {@code d sum(y) / dx}, which is libtorch's
 * recorded noise. The random streams differ, so the comparison is of properties and distributions:
 * both sample exactly where x ≤ 0 (±0 included, NaN not), keep slopes in [lower, upper], give y = x·r
 * bitwise and gradient r, and their slopes agree in distribution (two-sample Kolmogorov–Smirnov).
 */
class RReluTrainingParityTest {

    private static final String SOURCE = "class RreluTrain(Module):\n"
            + "  __parameters__ = []\n  __buffers__ = []\n  training : bool\n"
            + "  def forward(self: __torch__.RreluTrain,\n    x: Tensor,\n    lower: Tensor,\n    upper: Tensor) -> List[Tensor]:\n"
            + "    x = torch.requires_grad_(torch.detach(x))\n"
            + "    y = torch.rrelu(x, float(lower), float(upper), True)\n"
            + "    go = annotate(List[Optional[Tensor]], [torch.ones_like(y)])\n"
            + "    r = torch.autograd.grad([y], [x], go)\n"
            + "    return [torch.detach(y), unchecked_cast(Tensor, r[0])]\n";

    private static final double LOWER = 0.125;
    private static final double UPPER = 1.0 / 3;
    private static final int N = 20_000;

    @Test
    void float32MatchesLibtorchInDistribution() throws Exception {
        float[] x = inputs();
        HostTensor[] torch = runTorch(HostTensor.vector(x));
        float[] ty = torch[0].f32();
        float[] tnoise = torch[1].f32();
        float[] y = new float[N];
        float[] noise = new float[N];
        new RRelu(LOWER, UPPER).forwardTraining(x, y, noise, 2026L);
        float lo = (float) LOWER;
        float hi = (float) UPPER;
        for (float[][] r : new float[][][] {{ty, tnoise}, {y, noise}}) {
            for (int i = 0; i < N; i++) {
                if (x[i] <= 0f) {
                    assertTrue(r[1][i] >= lo && r[1][i] <= hi, "slope " + r[1][i] + " at x=" + x[i]);
                    assertEquals(Float.floatToRawIntBits(x[i] * r[1][i]), Float.floatToRawIntBits(r[0][i]), "y at x=" + x[i]);
                } else {
                    assertEquals(1f, r[1][i], "noise at x=" + x[i]);
                    assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(r[0][i]), "y at x=" + x[i]);
                }
            }
        }
        assertSameDistribution(slopes(x, tnoise), slopes(x, noise));
    }

    @Test
    void float64MatchesLibtorchInDistribution() throws Exception {
        float[] xf = inputs();
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = xf[i];
        }
        HostTensor[] torch = runTorch(HostTensor.vector(x));
        double[] y = new double[N];
        double[] noise = new double[N];
        new RRelu(LOWER, UPPER).forwardTraining(x, y, noise, 2027L);
        double[] tnoise = torch[1].f64();
        double[] ts = new double[N];
        double[] os = new double[N];
        int k = 0;
        for (int i = 0; i < N; i++) {
            if (x[i] <= 0) {
                assertTrue(tnoise[i] >= LOWER && tnoise[i] <= UPPER, "torch slope " + tnoise[i]);
                assertTrue(noise[i] >= LOWER && noise[i] <= UPPER, "slope " + noise[i]);
                assertEquals(Double.doubleToRawLongBits(x[i] * tnoise[i]), Double.doubleToRawLongBits(torch[0].f64()[i]));
                ts[k] = tnoise[i];
                os[k++] = noise[i];
            } else {
                assertEquals(1d, tnoise[i]);
                assertEquals(1d, noise[i]);
            }
        }
        assertSameDistribution(Arrays.copyOf(ts, k), Arrays.copyOf(os, k));
    }

    /** -4..4 with ±0 and NaN mixed in: about half the elements draw a slope. */
    private static float[] inputs() {
        SplittableRandom r = new SplittableRandom(99);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = i % 97 == 0 ? -0f : i % 89 == 0 ? 0f : i % 83 == 0 ? Float.NaN : (float) (r.nextDouble() * 8 - 4);
        }
        return x;
    }

    private static double[] slopes(float[] x, float[] noise) {
        double[] s = new double[N];
        int k = 0;
        for (int i = 0; i < N; i++) {
            if (x[i] <= 0f) {
                s[k++] = noise[i];
            }
        }
        return Arrays.copyOf(s, k);
    }

    /** Two-sample Kolmogorov–Smirnov at significance 0.001, plus the means within 5 standard errors. */
    private static void assertSameDistribution(double[] a, double[] b) {
        assertTrue(a.length > N / 3 && b.length == a.length, "sample sizes " + a.length + ", " + b.length);
        double[] sa = a.clone();
        double[] sb = b.clone();
        Arrays.sort(sa);
        Arrays.sort(sb);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < sa.length && j < sb.length) {
            double v = Math.min(sa[i], sb[j]);
            while (i < sa.length && sa[i] <= v) {
                i++;
            }
            while (j < sb.length && sb[j] <= v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / sa.length - (double) j / sb.length));
        }
        double n = sa.length;
        double critical = 1.95 * Math.sqrt(2 / n);
        assertTrue(d < critical, "Kolmogorov-Smirnov D = " + d + " >= " + critical);
        double se = (UPPER - LOWER) / Math.sqrt(12 * n);
        assertEquals(Arrays.stream(a).average().orElseThrow(), Arrays.stream(b).average().orElseThrow(), 5 * Math.sqrt(2) * se);
        assertEquals((LOWER + UPPER) / 2, Arrays.stream(a).average().orElseThrow(), 5 * se);
    }

    private static HostTensor[] runTorch(HostTensor x) throws IOException, MalformedModelException {
        OracleEnvironment.check();
        Path dir = Files.createTempDirectory("rrelu-train");
        Path pt = dir.resolve("rrelu-train.pt");
        TorchScriptArchive.write(pt, "RreluTrain", SOURCE);
        try (Model model = Model.newInstance("rrelu-train", Device.cpu(), "PyTorch")) {
            model.load(dir, "rrelu-train");
            NDManager m = model.getNDManager();
            try (GradientCollector autograd = m.getEngine().newGradientCollector()) {
                NDList in = new NDList(x.toNDArray(m), m.create(LOWER), m.create(UPPER));
                NDList out = model.getBlock().forward(new ParameterStore(m, false), in, true);
                return new HostTensor[] {HostTensor.of(out.get(0)), HostTensor.of(out.get(1))};
            }
        } finally {
            Files.deleteIfExists(pt);
            Files.deleteIfExists(dir);
        }
    }
}
