package io.github.torchact.kernel.impl;

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
 * <p>Qiu, Xu and Cai, FReLU: Flexible Rectified Linear Units for Improving Convolutional Neural
 * Networks, ICPR 2018 (not Funnel ReLU, Ma et al., ECCV 2020).
 */
public final class FlexibleRelu implements Kernel {

    private static final String OP = "flexible_relu";

    @Override
    public void forward(float[] x, long[] shape, float[][] weights, float[] y) {
        ChannelShape.checkWeights(OP, "bias", weights.length, 1);
        ChannelShape cs = ChannelShape.of(OP, shape, weights[0].length);
        int m = cs.numel();
        ChannelShape.checkLength("x", x.length, m);
        ChannelShape.checkLength("y", y.length, m);
        float[] b = weights[0];
        for (int i = 0; i < m; i++) {
            float r = x[i] < 0f ? 0f : x[i];
            y[i] = r + b[cs.shared() ? 0 : cs.channel(i)];
        }
    }

    @Override
    public void forward(double[] x, long[] shape, double[][] weights, double[] y) {
        ChannelShape.checkWeights(OP, "bias", weights.length, 1);
        ChannelShape cs = ChannelShape.of(OP, shape, weights[0].length);
        int m = cs.numel();
        ChannelShape.checkLength("x", x.length, m);
        ChannelShape.checkLength("y", y.length, m);
        double[] b = weights[0];
        for (int i = 0; i < m; i++) {
            double r = x[i] < 0d ? 0d : x[i];
            y[i] = r + b[cs.shared() ? 0 : cs.channel(i)];
        }
    }

    @Override
    public void backward(float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw) {
        ChannelShape.checkWeights(OP, "bias", weights.length, 1);
        ChannelShape.checkWeights(OP, "bias gradient", gw.length, 1);
        ChannelShape cs = ChannelShape.of(OP, shape, weights[0].length);
        int m = cs.numel();
        ChannelShape.checkLength("x", x.length, m);
        ChannelShape.checkLength("gy", gy.length, m);
        ChannelShape.checkLength("gx", gx.length, m);
        ChannelShape.checkLength("gw[0]", gw[0].length, weights[0].length);
        double[] terms = new double[m];
        for (int i = 0; i < m; i++) {
            float r = x[i] < 0f ? 0f : x[i];
            gx[i] = r <= 0f ? 0f : gy[i];
            terms[i] = gy[i];
        }
        double[] sums = ChannelSum.sum(terms, cs.n(), cs.c(), cs.s(), cs.shared(), true);
        for (int k = 0; k < sums.length; k++) {
            gw[0][k] = (float) sums[k];
        }
    }

    @Override
    public void backward(double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw) {
        ChannelShape.checkWeights(OP, "bias", weights.length, 1);
        ChannelShape.checkWeights(OP, "bias gradient", gw.length, 1);
        ChannelShape cs = ChannelShape.of(OP, shape, weights[0].length);
        int m = cs.numel();
        ChannelShape.checkLength("x", x.length, m);
        ChannelShape.checkLength("gy", gy.length, m);
        ChannelShape.checkLength("gx", gx.length, m);
        ChannelShape.checkLength("gw[0]", gw[0].length, weights[0].length);
        for (int i = 0; i < m; i++) {
            double r = x[i] < 0d ? 0d : x[i];
            gx[i] = r <= 0d ? 0d : gy[i];
        }
        System.arraycopy(ChannelSum.sum(Arrays.copyOf(gy, m), cs.n(), cs.c(), cs.s(), cs.shared(), false), 0, gw[0], 0,
                weights[0].length);
    }
}
