package io.github.torchact.kernel;

import io.github.torchact.kernel.vector.FunnelLoops;
import io.github.torchact.kernel.vector.VectorSupport;

import java.util.Arrays;

/**
 * The Funnel activation's inference kernel (Ma, Zhang and Sun, Funnel Activation for Visual
 * Recognition, ECCV 2020) on NCHW arrays: {@code y = max(x, T(x))}, T a depthwise k×k convolution
 * (stride 1, zero padding k / 2, one filter per channel) followed by BatchNorm in eval mode, folded
 * into the convolution:
 *
 * <pre>
 * a_c  = gamma_c / sqrt(var_c + eps)
 * w'_c = w_c * a_c
 * b'_c = (b_c - mean_c) * a_c + beta_c
 * T(x)_c = b'_c + sum_{ky,kx} w'_c[ky, kx] * x_c[oy + ky - k/2, ox + kx - k/2]
 * </pre>
 *
 * <p>The folding and the k×k sum are computed in double and T(x) is rounded once to the dtype, so
 * the float32 result is the correctly rounded T(x) up to double's rounding; libtorch rounds the
 * convolution, then BatchNorm's {@code t * a + (beta - mean * a)}, in the dtype. The two therefore
 * differ by libtorch's own rounding. Bound against libtorch's conv2d → batch_norm → maximum:
 * {@code |y - y_torch| <= (k² + 5) ulp(S)}, {@code S = |a| (|b| + sum |w x|) + |a mean| + |beta|},
 * the magnitude of the terms libtorch rounds: its k² products, their sum with b and BatchNorm's three
 * operations round once each (k² + 4 roundings of at most u·S), this kernel's result once. Measured on
 * random inputs, k = 1 to 7, float32 and float64: at most 4 on AMD Zen 4/5, 5 on an Intel Xeon (the
 * convolution's summation order depends on the CPU). Where x wins the max both give x exactly. The max is exact; NaN in x or T(x) gives the
 * canonical NaN (libtorch's {@code maximum} propagates NaN), and at x == T(x) the result is x
 * (signed zeros: {@code maximum(-0.0, 0.0)} is libtorch's first operand, -0.0).
 *
 * <p>With {@code jdk.incubator.vector} loaded, the planes run the Vector API form ({@link
 * FunnelLoops}), which adds the same products in the same order lane by lane, so the bits are those
 * of {@link #forwardScalar}.
 */
public final class FunnelKernel {

    private FunnelKernel() {}

    /** BatchNorm folded into a depthwise convolution: {@code weight} (C·k·k) and {@code bias} (C). */
    public record Folded(int channels, int kernelSize, double[] weight, double[] bias) {}

    /**
     * Folds eval-mode BatchNorm into the depthwise convolution.
     *
     * @param convWeight the convolution's weight, (C, 1, k, k) row-major
     * @param convBias the convolution's bias (C)
     * @param gamma BatchNorm's weight (C)
     * @param beta BatchNorm's bias (C)
     * @param mean the running mean (C)
     * @param var the running variance (C)
     * @param eps BatchNorm's eps
     * @return the folded weights
     * @throws IllegalArgumentException if the lengths do not fit C channels and an odd k
     */
    public static Folded fold(double[] convWeight, double[] convBias, double[] gamma, double[] beta,
            double[] mean, double[] var, double eps) {
        int c = convBias.length;
        for (double[] a : new double[][] {gamma, beta, mean, var}) {
            if (a.length != c) {
                throw new IllegalArgumentException("funnel_relu: BatchNorm tensors must have " + c
                        + " values (the conv bias's length), got " + a.length);
            }
        }
        int kk = c == 0 ? 1 : convWeight.length / Math.max(c, 1);
        int k = (int) Math.round(Math.sqrt(kk));
        if (c == 0 || k * k * c != convWeight.length || k % 2 == 0) {
            throw new IllegalArgumentException("funnel_relu: convWeight must hold C·k·k values for C = " + c
                    + " and an odd k, got " + convWeight.length);
        }
        double[] w = new double[convWeight.length];
        double[] b = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double a = gamma[ch] / Math.sqrt(var[ch] + eps);
            for (int i = 0; i < kk; i++) {
                w[ch * kk + i] = convWeight[ch * kk + i] * a;
            }
            b[ch] = (convBias[ch] - mean[ch]) * a + beta[ch];
        }
        return new Folded(c, k, w, b);
    }

    /** {@link #fold} of float32 tensors. */
    public static Folded fold(float[] convWeight, float[] convBias, float[] gamma, float[] beta,
            float[] mean, float[] var, double eps) {
        return fold(wide(convWeight), wide(convBias), wide(gamma), wide(beta), wide(mean), wide(var), eps);
    }

    /**
     * {@code y = max(x, T(x))} of a float32 (N, C, H, W) tensor, on the Vector API form where loaded
     * ({@link VectorSupport#funnel()}, the same bits as {@link #forwardScalar}).
     *
     * @throws IllegalArgumentException if the shape is not 4-D with C = the folded channels, an
     *     array's length does not fit it, or x and y are the same array
     */
    public static void forward(float[] x, long[] shape, Folded f, float[] y) {
        forward(x, shape, f, y, VectorSupport.funnel());
    }

    /** {@link #forward(float[], long[], Folded, float[])} by the scalar loops alone. */
    public static void forwardScalar(float[] x, long[] shape, Folded f, float[] y) {
        forward(x, shape, f, y, FunnelLoops.NONE);
    }

    /** {@code y = max(x, T(x))} of a float64 (N, C, H, W) tensor; as the float32 form. */
    public static void forward(double[] x, long[] shape, Folded f, double[] y) {
        forward(x, shape, f, y, VectorSupport.funnel());
    }

    /** {@link #forward(double[], long[], Folded, double[])} by the scalar loops alone. */
    public static void forwardScalar(double[] x, long[] shape, Folded f, double[] y) {
        forward(x, shape, f, y, FunnelLoops.NONE);
    }

    /**
     * Plane by plane: the vector form where it takes the plane, else row by row, each T(x) being
     * {@code bias}, then {@code w'[ky][kx] * x} added for ky, then kx, ascending, skipping the
     * padding (the order the vector form repeats lane by lane).
     */
    private static void forward(float[] x, long[] shape, Folded f, float[] y, FunnelLoops v) {
        int[] d = dims(shape, f, x.length, y.length, x == y);
        int h = d[2];
        int w = d[3];
        double[] acc = new double[w];
        for (int plane = 0; plane < d[0] * d[1]; plane++) {
            int c = plane % d[1];
            int base = plane * h * w;
            int k = f.kernelSize();
            if (v.plane(x, y, base, h, w, k, f.weight(), c * k * k, f.bias()[c])) {
                continue;
            }
            for (int oy = 0; oy < h; oy++) {
                Arrays.fill(acc, f.bias()[c]);
                int p = k / 2;
                for (int ky = Math.max(0, p - oy); ky < Math.min(k, h + p - oy); ky++) {
                    int row = base + (oy + ky - p) * w - p;
                    for (int kx = 0; kx < k; kx++) {
                        double wk = f.weight()[(c * k + ky) * k + kx];
                        int from = Math.max(0, p - kx);
                        int to = Math.min(w, w + p - kx);
                        for (int ox = from; ox < to; ox++) {
                            acc[ox] += wk * x[row + ox + kx];
                        }
                    }
                }
                int out = base + oy * w;
                for (int ox = 0; ox < w; ox++) {
                    y[out + ox] = max(x[out + ox], (float) acc[ox]);
                }
            }
        }
    }

    private static void forward(double[] x, long[] shape, Folded f, double[] y, FunnelLoops v) {
        int[] d = dims(shape, f, x.length, y.length, x == y);
        int h = d[2];
        int w = d[3];
        double[] acc = new double[w];
        for (int plane = 0; plane < d[0] * d[1]; plane++) {
            int c = plane % d[1];
            int base = plane * h * w;
            int k = f.kernelSize();
            if (v.plane(x, y, base, h, w, k, f.weight(), c * k * k, f.bias()[c])) {
                continue;
            }
            for (int oy = 0; oy < h; oy++) {
                Arrays.fill(acc, f.bias()[c]);
                int p = k / 2;
                for (int ky = Math.max(0, p - oy); ky < Math.min(k, h + p - oy); ky++) {
                    int row = base + (oy + ky - p) * w - p;
                    for (int kx = 0; kx < k; kx++) {
                        double wk = f.weight()[(c * k + ky) * k + kx];
                        int from = Math.max(0, p - kx);
                        int to = Math.min(w, w + p - kx);
                        for (int ox = from; ox < to; ox++) {
                            acc[ox] += wk * x[row + ox + kx];
                        }
                    }
                }
                int out = base + oy * w;
                for (int ox = 0; ox < w; ox++) {
                    y[out + ox] = max(x[out + ox], acc[ox]);
                }
            }
        }
    }

    /** libtorch's {@code maximum}: NaN if either is NaN, else {@code a} unless {@code a < b}. */
    private static float max(float a, float b) {
        return a != a || b != b ? Float.NaN : a < b ? b : a;
    }

    private static double max(double a, double b) {
        return a != a || b != b ? Double.NaN : a < b ? b : a;
    }

    private static int[] dims(long[] shape, Folded f, int xLength, int yLength, boolean inPlace) {
        if (inPlace) {
            throw new IllegalArgumentException("funnel_relu: y must be another array than x (T reads x's neighbours)");
        }
        if (shape == null || shape.length != 4) {
            throw new IllegalArgumentException("funnel_relu: input must be 4-D (N, C, H, W), got shape "
                    + Arrays.toString(shape));
        }
        if (shape[1] != f.channels()) {
            throw new IllegalArgumentException("funnel_relu: input has " + shape[1] + " channels (axis 1), the weights "
                    + f.channels());
        }
        long numel = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("funnel_relu: negative dimension in shape " + Arrays.toString(shape));
            }
            numel *= s;
        }
        if (numel != xLength || numel != yLength) {
            throw new IllegalArgumentException("funnel_relu: shape " + Arrays.toString(shape) + " holds " + numel
                    + " values, x has " + xLength + " and y " + yLength);
        }
        return new int[] {(int) shape[0], (int) shape[1], (int) shape[2], (int) shape[3]};
    }

    private static double[] wide(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
