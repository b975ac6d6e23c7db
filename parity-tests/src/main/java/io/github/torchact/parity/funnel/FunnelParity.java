package io.github.torchact.parity.funnel;

import ai.djl.ndarray.NDManager;

import io.github.torchact.kernel.FunnelKernel;
import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.oracle.FunnelReference;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.row.Direction;
import io.github.torchact.parity.row.ParityPath;
import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.parity.row.RowStatus;
import io.github.torchact.spec.Tolerance;

import java.util.ArrayList;
import java.util.List;

/**
 * The parity report's FunnelReLU rows: the block on DJL's PyTorch engine against the oracle module
 * ({@link FunnelReference}), forward (output and running statistics) and backward (input and the four learnable
 * tensors), bitwise, training and eval, float32 and float64; and the folded Java kernel (eval) within
 * {@link #kernelUlps}(k) ulp of max(S, |y|), S the magnitude of the terms libtorch's convolution and BatchNorm round
 * ({@link #scale}). The kernel rows reuse the upstream-scaled tolerance with S in the upstream gradient's place, so
 * the table's bound column reads "k² + 5 ulp of max(|gy|, |y|)" with gy = S.
 */
public final class FunnelParity {

    /** The name the report's rows carry. */
    public static final String NAME = "funnel_relu";
    /**
     * The Java kernel's stated bound for a k×k window, in ulps of max(S, |y|) ({@code FunnelKernel}'s class
     * comment): libtorch rounds its k² products, their sum with the bias and BatchNorm's three operations once
     * each (at most u·S apiece, in whatever order its convolution sums, which differs between CPUs), the kernel
     * its result once. Measured maxima: 1–4 on AMD Zen 4/5, up to 5 on an Intel Xeon.
     */
    public static int kernelUlps(int k) {
        return k * k + 5;
    }

    private FunnelParity() {}

    /** Every row. */
    public static List<ParityRow> rows() {
        List<ParityRow> rows = new ArrayList<>();
        try (FunnelReference oracle = FunnelReference.load(); NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (int k : new int[] {3, 5}) {
                for (boolean f64 : new boolean[] {false, true}) {
                    for (boolean training : new boolean[] {false, true}) {
                        rows.addAll(caseRows(oracle, m, FunnelCase.random(18 + k, f64, 2, 4, 9, 7, k), training));
                    }
                }
            }
        }
        return rows;
    }

    private static List<ParityRow> caseRows(FunnelReference oracle, NDManager m, FunnelCase c, boolean training) {
        // FunnelReLU's repr arguments and the mode (the kernel row's "|gy|" scale is S, see the class comment)
        String params = c.x().shape()[1] + ", kernel_size=" + c.params()[0].shape()[2] + (training ? ", train()" : ", eval()");
        String dtype = c.f64() ? "f64" : "f32";
        HostTensor[] want = oracle.forward(c.x(), c.params(), training);
        HostTensor[] grads = oracle.backward(c.x(), c.params(), training, c.gy());
        HostTensor[] got = c.runBlock(m, training, true);
        Stats fwd = new Stats(Tolerance.BITWISE);
        for (int i = 0; i < 3; i++) {
            fwd = fwd.merge(Stats.compare(Tolerance.BITWISE, i == 0 ? c.x() : null, want[i], got[i]));
        }
        Stats bwd = new Stats(Tolerance.BITWISE);
        for (int i = 0; i < 5; i++) {
            bwd = bwd.merge(Stats.compare(Tolerance.BITWISE, i == 0 ? c.x() : null, grads[i], got[3 + i]));
        }
        List<ParityRow> rows = new ArrayList<>();
        rows.add(row(params, dtype, ParityPath.DJL_BLOCK, Direction.FORWARD, fwd));
        rows.add(row(params, dtype, ParityPath.DJL_BLOCK, Direction.BACKWARD, bwd));
        if (training) {
            rows.add(new ParityRow(NAME, params, "", dtype, ParityPath.JAVA_KERNEL, Direction.FORWARD, RowStatus.SKIPPED,
                    null, null, "the Java kernel is eval-only (BatchNorm folded); training runs on the PyTorch engine"));
        } else {
            Tolerance t = Tolerance.ulpsOfTerms(kernelUlps((int) c.params()[0].shape()[2]));
            rows.add(row(params, dtype, ParityPath.JAVA_KERNEL, Direction.FORWARD,
                    Stats.compare(t, c.x(), scale(c), want[0], kernel(c))));
        }
        rows.add(new ParityRow(NAME, params, "", dtype, ParityPath.JAVA_KERNEL, Direction.BACKWARD, RowStatus.SKIPPED,
                null, null, "no gradient off the PyTorch engine"));
        return rows;
    }

    private static ParityRow row(String params, String dtype, ParityPath path, Direction d, Stats s) {
        return new ParityRow(NAME, params, "", dtype, path, d, s.passed() ? RowStatus.PASS : RowStatus.FAIL, s, null,
                s.passed() ? "" : String.valueOf(s.worst()));
    }

    /** The folded kernel's output. */
    static HostTensor kernel(FunnelCase c) {
        HostTensor[] p = c.params();
        if (c.f64()) {
            FunnelKernel.Folded f = FunnelKernel.fold(p[0].f64(), p[1].f64(), p[2].f64(), p[3].f64(), p[4].f64(), p[5].f64(), 1e-5);
            double[] y = new double[c.x().size()];
            FunnelKernel.forward(c.x().f64(), c.x().shape(), f, y);
            return HostTensor.of(y, c.x().shape());
        }
        FunnelKernel.Folded f = FunnelKernel.fold(p[0].f32(), p[1].f32(), p[2].f32(), p[3].f32(), p[4].f32(), p[5].f32(), 1e-5);
        float[] y = new float[c.x().size()];
        FunnelKernel.forward(c.x().f32(), c.x().shape(), f, y);
        return HostTensor.of(y, c.x().shape());
    }

    /**
     * S = |a| (|b| + sum |w x|) + |a mean| + |beta|, a = gamma / sqrt(var + eps), per output element: the
     * magnitude of the terms libtorch's convolution and BatchNorm ({@code t * a + (beta - mean * a)}) round.
     */
    public static HostTensor scale(FunnelCase c) {
        HostTensor x = c.x();
        HostTensor[] params = c.params();
        long[] shape = x.shape();
        int n = (int) shape[0];
        int ch = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        int k = (int) params[0].shape()[2];
        int p = k / 2;
        double[] s = new double[x.size()];
        for (int b = 0; b < n; b++) {
            for (int q = 0; q < ch; q++) {
                double a = params[2].get(q) / Math.sqrt(params[5].get(q) + 1e-5);
                int base = (b * ch + q) * h * w;
                for (int oy = 0; oy < h; oy++) {
                    for (int ox = 0; ox < w; ox++) {
                        double sum = Math.abs(params[1].get(q));
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy + ky - p;
                                int ix = ox + kx - p;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    sum += Math.abs(params[0].get((q * k + ky) * k + kx) * x.get(base + iy * w + ix));
                                }
                            }
                        }
                        s[base + oy * w + ox] = Math.abs(a) * sum + Math.abs(a * params[4].get(q)) + Math.abs(params[3].get(q));
                    }
                }
            }
        }
        return HostTensor.of(s, shape);
    }
}
