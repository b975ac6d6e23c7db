package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.CanonicalNaN;
import io.github.torchact.kernel.Kernel;

import java.util.Arrays;

/**
 * Flexible ReLU: frelu(x) = relu(x) + b, with a learnable bias b shared by all channels or one per
 * channel (axis 1). There is no libtorch op; this reproduces the composite {@code relu(x) + b}: relu
 * as libtorch's {@code clamp_min(x, 0)} (-0 and NaN pass through), then one addition in the dtype.
 *
 * <p>Gradients as torch's autograd gives them: gx = 0 where relu(x) ≤ 0 (so at x = 0), gy elsewhere
 * ({@code threshold_backward}); gb = the sum of gy over every position of the channel, in libtorch's
 * summation order ({@link ChannelSum}).
 *
 * <p>NaN ({@link #canonicalNaN}): y and gx pass x's and gy's NaNs through (relu, then one add of a
 * non-NaN bias), unless a bias is NaN (then every NaN in y is canonical); the bias gradient, a sum,
 * writes the canonical NaN.
 *
 * <p>Qiu, Xu and Cai, FReLU: Flexible Rectified Linear Units for Improving Convolutional Neural
 * Networks, ICPR 2018 (not Funnel ReLU, Ma et al., ECCV 2020).
 */
public final class FlexibleRelu implements Kernel {

    private static final String OP = "flexible_relu";
    /** relu(x) and its gradient, bit for bit this kernel's (vector form and threads where loaded). */
    private static final Relu RELU = new Relu();

    @Override
    public void forward(float[] x, long[] shape, float[][] weights, float[] y) {
        ChannelShape cs = ChannelShape.forward(OP, "bias", x, shape, weights, y);
        int m = cs.numel();
        RELU.forward(x, 0, y, 0, m);
        addBias(y, weights[0], cs);
    }

    @Override
    public void forward(double[] x, long[] shape, double[][] weights, double[] y) {
        ChannelShape cs = ChannelShape.forward(OP, "bias", x, shape, weights, y);
        int m = cs.numel();
        RELU.forward(x, 0, y, 0, m);
        addBias(y, weights[0], cs);
    }

    @Override
    public void backward(float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw) {
        ChannelShape cs = ChannelShape.backward(OP, "bias", x, shape, weights, gy, gx, gw);
        int m = cs.numel();
        // the bias terms (gy) first: gx may be gy itself (in place)
        double[] terms = new double[m];
        for (int i = 0; i < m; i++) {
            terms[i] = gy[i];
        }
        RELU.backward(x, 0, gy, 0, gx, 0, m);
        double[] sums = ChannelSum.sum(terms, cs.n(), cs.c(), cs.s(), cs.shared(), true);
        for (int k = 0; k < sums.length; k++) {
            gw[0][k] = CanonicalNaN.of((float) sums[k]);
        }
    }

    @Override
    public void backward(double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw) {
        ChannelShape cs = ChannelShape.backward(OP, "bias", x, shape, weights, gy, gx, gw);
        int m = cs.numel();
        // the bias terms (a copy of gy) first: gx may be gy itself (in place)
        double[] terms = Arrays.copyOf(gy, m);
        RELU.backward(x, 0, gy, 0, gx, 0, m);
        System.arraycopy(ChannelSum.sum(terms, cs.n(), cs.c(), cs.s(), cs.shared(), false), 0, gw[0], 0,
                weights[0].length);
        CanonicalNaN.in(gw[0], 0, weights[0].length);
    }

    /**
     * y += b: the shared value everywhere, or b[c] over the run of s elements of each (n, c); with a
     * NaN bias, every NaN written canonical ({@link #canonicalNaN}).
     */
    private static void addBias(float[] y, float[] b, ChannelShape cs) {
        if (!CanonicalNaN.any(b)) {
            addBiasPassingNaN(y, b, cs);
            return;
        }
        if (cs.shared()) {
            float b0 = b[0];
            for (int i = 0; i < cs.numel(); i++) {
                y[i] = CanonicalNaN.of(y[i] + b0);
            }
            return;
        }
        int s = cs.s();
        for (int n = 0, i = 0; n < cs.n(); n++) {
            for (int c = 0; c < cs.c(); c++, i += s) {
                float bc = b[c];
                for (int j = i; j < i + s; j++) {
                    y[j] = CanonicalNaN.of(y[j] + bc);
                }
            }
        }
    }

    /** As {@link #addBias(float[], float[], ChannelShape)}, no bias NaN: a NaN y passes through. */
    private static void addBiasPassingNaN(float[] y, float[] b, ChannelShape cs) {
        if (cs.shared()) {
            float b0 = b[0];
            for (int i = 0; i < cs.numel(); i++) {
                y[i] += b0;
            }
            return;
        }
        int s = cs.s();
        for (int n = 0, i = 0; n < cs.n(); n++) {
            for (int c = 0; c < cs.c(); c++, i += s) {
                float bc = b[c];
                for (int j = i; j < i + s; j++) {
                    y[j] += bc;
                }
            }
        }
    }

    /** As {@link #addBiasPassingNaN(float[], float[], ChannelShape)}. */
    private static void addBiasPassingNaN(double[] y, double[] b, ChannelShape cs) {
        if (cs.shared()) {
            double b0 = b[0];
            for (int i = 0; i < cs.numel(); i++) {
                y[i] += b0;
            }
            return;
        }
        int s = cs.s();
        for (int n = 0, i = 0; n < cs.n(); n++) {
            for (int c = 0; c < cs.c(); c++, i += s) {
                double bc = b[c];
                for (int j = i; j < i + s; j++) {
                    y[j] += bc;
                }
            }
        }
    }

    /** As {@link #addBias(float[], float[], ChannelShape)}. */
    private static void addBias(double[] y, double[] b, ChannelShape cs) {
        if (!CanonicalNaN.any(b)) {
            addBiasPassingNaN(y, b, cs);
            return;
        }
        if (cs.shared()) {
            double b0 = b[0];
            for (int i = 0; i < cs.numel(); i++) {
                y[i] = CanonicalNaN.of(y[i] + b0);
            }
            return;
        }
        int s = cs.s();
        for (int n = 0, i = 0; n < cs.n(); n++) {
            for (int c = 0; c < cs.c(); c++, i += s) {
                double bc = b[c];
                for (int j = i; j < i + s; j++) {
                    y[j] = CanonicalNaN.of(y[j] + bc);
                }
            }
        }
    }

    /** Piecewise linear: NaNs pass through, unless a bias is NaN ({@link Kernel#canonicalNaN}). */
    @Override
    public boolean canonicalNaN() {
        return false;
    }
}
