package io.github.torchact.parity.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.FunnelKernel;
import io.github.torchact.parity.oracle.FunnelReference;
import io.github.torchact.parity.oracle.HostTensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The folded Java kernel (eval) against libtorch's conv2d → batch_norm → maximum. Folding rounds
 * differently, so the bound is stated relative to the magnitude of the terms of T(x):
 * {@code |y - y_torch| <= kernelUlps(k) * ulp(S)} ({@link FunnelParity#kernelUlps}; the measured
 * maxima are printed) with S the magnitude of the terms libtorch's convolution and BatchNorm round
 * ({@link FunnelParity#scale}); where x wins the max outright both are x exactly.
 */
class FunnelKernelParityTest {

    private static FunnelReference oracle;

    @BeforeAll
    static void load() {
        oracle = FunnelReference.load();
    }

    @AfterAll
    static void close() {
        oracle.close();
    }

    @ParameterizedTest(name = "{0} k={1} {2}x{3}")
    @CsvSource({"f32, 3, 17, 13", "f64, 3, 17, 13", "f32, 5, 9, 31", "f64, 5, 9, 31", "f32, 1, 4, 4", "f32, 7, 8, 8"})
    void withinTheStatedBound(String dtype, int k, int h, int w) {
        boolean f64 = dtype.equals("f64");
        double worst = 0;
        int differing = 0;
        int total = 0;
        for (int seed = 0; seed < 8; seed++) {
            FunnelCase c = FunnelCase.random(100 + seed, f64, 2, 4, h, w, k);
            HostTensor want = oracle.forward(c.x(), c.params(), false)[0];
            HostTensor[] p = c.params();
            FunnelKernel.Folded f = f64
                    ? FunnelKernel.fold(p[0].f64(), p[1].f64(), p[2].f64(), p[3].f64(), p[4].f64(), p[5].f64(), 1e-5)
                    : FunnelKernel.fold(p[0].f32(), p[1].f32(), p[2].f32(), p[3].f32(), p[4].f32(), p[5].f32(), 1e-5);
            double[] scale = FunnelParity.scale(c).f64();
            double[] got = new double[c.x().size()];
            if (f64) {
                FunnelKernel.forward(c.x().f64(), c.x().shape(), f, got);
            } else {
                float[] y = new float[got.length];
                FunnelKernel.forward(c.x().f32(), c.x().shape(), f, y);
                for (int i = 0; i < y.length; i++) {
                    got[i] = y[i];
                }
            }
            for (int i = 0; i < got.length; i++) {
                double d = Math.abs(got[i] - want.get(i));
                double ulp = f64 ? Math.ulp(scale[i]) : Math.ulp((float) scale[i]);
                worst = Math.max(worst, d / ulp);
                total++;
                if (d != 0) {
                    differing++;
                }
                if (got[i] == c.x().get(i) && want.get(i) != c.x().get(i)) {
                    assertTrue(d <= FunnelParity.kernelUlps(k) * ulp, "x chosen where libtorch chose T(x) beyond the bound");
                }
            }
        }
        System.out.printf("funnel kernel %s k=%d: max %.3f ulp(S), %d of %d differ from libtorch%n",
                dtype, k, worst, differing, total);
        assertTrue(worst <= FunnelParity.kernelUlps(k), "max error " + worst + " ulp(S) exceeds the stated " + FunnelParity.kernelUlps(k));
        assertEquals(total, 2 * 4 * h * w * 8);
    }

    /** NaN where libtorch gives NaN, infinities and signed zeros where x wins, as libtorch. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"f32", "f64"})
    void specialValuesAsLibtorch(String dtype) {
        boolean f64 = dtype.equals("f64");
        FunnelCase c = FunnelCase.random(7, f64, 1, 2, 6, 6, 3);
        double[] xv = new double[c.x().size()];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = c.x().get(i);
        }
        xv[7] = Double.NaN;
        xv[20] = Double.POSITIVE_INFINITY;
        xv[43] = Double.NEGATIVE_INFINITY;
        xv[60] = -0.0;
        xv[61] = 0.0;
        HostTensor x = FunnelCase.like(f64, xv, c.x().shape());
        HostTensor want = oracle.forward(x, c.params(), false)[0];
        HostTensor[] p = c.params();
        FunnelKernel.Folded f = f64
                ? FunnelKernel.fold(p[0].f64(), p[1].f64(), p[2].f64(), p[3].f64(), p[4].f64(), p[5].f64(), 1e-5)
                : FunnelKernel.fold(p[0].f32(), p[1].f32(), p[2].f32(), p[3].f32(), p[4].f32(), p[5].f32(), 1e-5);
        double[] got = new double[xv.length];
        if (f64) {
            FunnelKernel.forward(x.f64(), x.shape(), f, got);
        } else {
            float[] y = new float[got.length];
            FunnelKernel.forward(x.f32(), x.shape(), f, y);
            for (int i = 0; i < y.length; i++) {
                got[i] = y[i];
            }
        }
        for (int i = 0; i < got.length; i++) {
            double w = want.get(i);
            if (Double.isNaN(w) || Double.isInfinite(w) || w == xv[i]) {
                assertEquals(Double.doubleToLongBits(w), Double.doubleToLongBits(got[i]), "element " + i);
            }
        }
    }
}
