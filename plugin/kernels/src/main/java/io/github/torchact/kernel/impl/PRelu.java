package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.CanonicalNaN;
import io.github.torchact.kernel.Kernel;

/**
 * prelu(x) = x if x &gt; 0 else a·x, with a learnable slope a shared by all channels or one per
 * channel (axis 1), as {@code torch.prelu}: libtorch's {@code prelu_kernel} and {@code
 * prelu_backward_kernel} (aten/src/ATen/native/cpu/Activation.cpp) in the dtype.
 *
 * <p>Gradients: gx = gy if x &gt; 0 else a·gy (so prelu'(0) = a); the per-element weight gradient is
 * 0 if x &gt; 0 else x·gy (0·gy at x = 0, NaN for a NaN x), reduced per channel in libtorch's summation
 * order ({@link ChannelSum}).
 *
 * <p>With one shared slope, input and gradient run as {@link LeakyRelu} with that slope (the same
 * products, so the same bits), on its vector form and threads where loaded.
 *
 * <p>NaN ({@link #canonicalNaN}): y and gx pass x's and gy's NaNs through, as leaky_relu, unless a
 * slope is NaN (then every NaN is canonical); the weight gradient, a sum, writes the canonical NaN.
 *
 * <p>He et al., Delving Deep into Rectifiers, ICCV 2015.
 */
public final class PRelu implements Kernel {

    private static final String OP = "prelu";

    @Override
    public void forward(float[] x, long[] shape, float[][] weights, float[] y) {
        ChannelShape cs = ChannelShape.forward(OP, "weight", x, shape, weights, y);
        int m = cs.numel();
        float[] w = weights[0];
        if (cs.shared()) {
            new LeakyRelu(w[0]).forward(x, 0, y, 0, m);
            return;
        }
        if (CanonicalNaN.any(w)) {
            for (int i = 0; i < m; i++) {
                float a = w[cs.channel(i)];
                y[i] = CanonicalNaN.of(x[i] > 0f ? x[i] : a * x[i]);
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            float a = w[cs.channel(i)];
            y[i] = x[i] > 0f ? x[i] : a * x[i];
        }
    }

    @Override
    public void forward(double[] x, long[] shape, double[][] weights, double[] y) {
        ChannelShape cs = ChannelShape.forward(OP, "weight", x, shape, weights, y);
        int m = cs.numel();
        double[] w = weights[0];
        if (cs.shared()) {
            new LeakyRelu(w[0]).forward(x, 0, y, 0, m);
            return;
        }
        if (CanonicalNaN.any(w)) {
            for (int i = 0; i < m; i++) {
                double a = w[cs.channel(i)];
                y[i] = CanonicalNaN.of(x[i] > 0d ? x[i] : a * x[i]);
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            double a = w[cs.channel(i)];
            y[i] = x[i] > 0d ? x[i] : a * x[i];
        }
    }

    @Override
    public void backward(float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw) {
        ChannelShape cs = ChannelShape.backward(OP, "weight", x, shape, weights, gy, gx, gw);
        int m = cs.numel();
        float[] w = weights[0];
        // the weight terms first: gx may be x or gy itself (in place)
        double[] terms = new double[m];
        for (int i = 0; i < m; i++) {
            terms[i] = weightTerm(x[i], gy[i]);
        }
        if (cs.shared()) {
            new LeakyRelu(w[0]).backward(x, 0, gy, 0, gx, 0, m);
        } else if (CanonicalNaN.any(w)) {
            for (int i = 0; i < m; i++) {
                gx[i] = CanonicalNaN.of(x[i] > 0f ? gy[i] : w[cs.channel(i)] * gy[i]);
            }
        } else {
            for (int i = 0; i < m; i++) {
                gx[i] = x[i] > 0f ? gy[i] : w[cs.channel(i)] * gy[i];
            }
        }
        double[] sums = ChannelSum.sum(terms, cs.n(), cs.c(), cs.s(), cs.shared(), true);
        for (int k = 0; k < sums.length; k++) {
            gw[0][k] = CanonicalNaN.of((float) sums[k]);
        }
    }

    @Override
    public void backward(double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw) {
        ChannelShape cs = ChannelShape.backward(OP, "weight", x, shape, weights, gy, gx, gw);
        int m = cs.numel();
        double[] w = weights[0];
        // the weight terms first: gx may be x or gy itself (in place)
        double[] terms = new double[m];
        for (int i = 0; i < m; i++) {
            terms[i] = weightTerm(x[i], gy[i]);
        }
        if (cs.shared()) {
            new LeakyRelu(w[0]).backward(x, 0, gy, 0, gx, 0, m);
        } else if (CanonicalNaN.any(w)) {
            for (int i = 0; i < m; i++) {
                gx[i] = CanonicalNaN.of(x[i] > 0d ? gy[i] : w[cs.channel(i)] * gy[i]);
            }
        } else {
            for (int i = 0; i < m; i++) {
                gx[i] = x[i] > 0d ? gy[i] : w[cs.channel(i)] * gy[i];
            }
        }
        System.arraycopy(ChannelSum.sum(terms, cs.n(), cs.c(), cs.s(), cs.shared(), false), 0, gw[0], 0, w.length);
        CanonicalNaN.in(gw[0], 0, w.length);
    }

    /**
     * {@code x > 0 ? +0 : x·gy} without a branch (mispredicted half the time on mixed signs): x &gt; 0
     * exactly when its bits, as an int, lie in [1, 0x7f800000], and then the product's bits are cleared.
     */
    private static float weightTerm(float x, float gy) {
        int t = Float.floatToRawIntBits(x) - 1;
        int notPositive = (t | (0x7f7fffff - t)) >> 31;
        return Float.intBitsToFloat(Float.floatToRawIntBits(x * gy) & notPositive);
    }

    /** As {@link #weightTerm(float, float)}: x &gt; 0 when its bits lie in [1, 0x7ff0000000000000]. */
    private static double weightTerm(double x, double gy) {
        long t = Double.doubleToRawLongBits(x) - 1;
        long notPositive = (t | (0x7fefffffffffffffL - t)) >> 63;
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x * gy) & notPositive);
    }

    /** Piecewise linear: NaNs pass through, unless a slope is NaN ({@link Kernel#canonicalNaN}). */
    @Override
    public boolean canonicalNaN() {
        return false;
    }
}
