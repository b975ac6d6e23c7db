package io.github.torchact.kernel.impl;

import io.github.torchact.kernel.CanonicalNaN;
import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.KernelArgs;

import java.lang.reflect.Array;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Randomized leaky ReLU (Xu et al., Empirical Evaluation of Rectified Activations in Convolutional
 * Network, 2015).
 *
 * <p>Evaluation mode (the {@link ElementwiseKernel} methods): leaky ReLU with slope (lower + upper) / 2
 * computed in float64, as libtorch's {@code rrelu_with_noise} and its backward
 * (aten/src/ATen/native/Activation.cpp), then rounded to the dtype: x if x &gt; 0 else x·slope.
 *
 * <p>Training mode ({@link #forwardTraining}): as libtorch's {@code _rrelu_with_noise_train}, every
 * element with x ≤ 0 (±0 included, NaN excluded) draws its own slope r = u·(upper - lower) + lower,
 * u uniform in [0, 1), with lower and upper rounded to the dtype and r rounded to it, and gives x·r;
 * the others give x. {@code noise} records r, or 1 where nothing was drawn, and the gradient is
 * gy·noise ({@link #backwardTraining}). Draws come from the caller's generator, so a seeded run
 * repeats exactly; they do not reproduce torch's own random stream.
 */
public final class RRelu extends ElementwiseKernel {

    private final LeakyRelu eval;
    private final double lower;
    private final double upper;

    /** RReLU in evaluation mode: slope (lower + upper) / 2 below 0. */
    public RRelu(double lower, double upper) {
        if (Double.isNaN(lower) || Double.isNaN(upper)) {
            throw new IllegalArgumentException("rrelu: lower and upper must not be NaN");
        }
        if (lower > upper) {
            throw new IllegalArgumentException(
                    "rrelu: Lower bound should be less than or equal to the upper bound, got lower=" + lower
                            + ", upper=" + upper);
        }
        this.lower = lower;
        this.upper = upper;
        this.eval = new LeakyRelu((lower + upper) / 2);
    }

    /** The evaluation-mode slope, (lower + upper) / 2 in float64. */
    public double evalSlope() {
        return (lower + upper) / 2;
    }

    /** Evaluation mode as the leaky ReLU it is: slope {@link #evalSlope()}. */
    public LeakyRelu evaluationMode() {
        return eval;
    }

    @Override
    public float apply(float x) {
        return eval.apply(x);
    }

    @Override
    public double apply(double x) {
        return eval.apply(x);
    }

    @Override
    public float grad(float x, float gy) {
        return eval.grad(x, gy);
    }

    @Override
    public double grad(double x, double gy) {
        return eval.grad(x, gy);
    }

    /** Training-mode forward over {@code x.length} elements; fills {@code y} and {@code noise}. */
    public void forwardTraining(float[] x, float[] y, float[] noise, RandomGenerator rng) {
        checkTraining(x, "x", y, "y", noise, "noise");
        KernelArgs.nonNull(rng, "rng");
        float lo = (float) lower;
        float hi = (float) upper;
        for (int i = 0; i < x.length; i++) {
            if (x[i] <= 0f) {
                float r = (float) (rng.nextDouble() * ((double) hi - lo) + lo);
                y[i] = x[i] * r;
                noise[i] = r;
            } else {
                y[i] = CanonicalNaN.of(x[i]);
                noise[i] = 1f;
            }
        }
    }

    /** Training-mode forward over {@code x.length} elements; fills {@code y} and {@code noise}. */
    public void forwardTraining(double[] x, double[] y, double[] noise, RandomGenerator rng) {
        checkTraining(x, "x", y, "y", noise, "noise");
        KernelArgs.nonNull(rng, "rng");
        for (int i = 0; i < x.length; i++) {
            if (x[i] <= 0d) {
                double r = rng.nextDouble() * (upper - lower) + lower;
                y[i] = x[i] * r;
                noise[i] = r;
            } else {
                y[i] = CanonicalNaN.of(x[i]);
                noise[i] = 1d;
            }
        }
    }

    /** {@link #forwardTraining(float[], float[], float[], RandomGenerator)} with a seeded generator. */
    public void forwardTraining(float[] x, float[] y, float[] noise, long seed) {
        forwardTraining(x, y, noise, new SplittableRandom(seed));
    }

    /** {@link #forwardTraining(double[], double[], double[], RandomGenerator)} with a seeded generator. */
    public void forwardTraining(double[] x, double[] y, double[] noise, long seed) {
        forwardTraining(x, y, noise, new SplittableRandom(seed));
    }

    /** Training-mode gradient: gx = gy·noise, as libtorch's {@code rrelu_with_noise_backward}. */
    public void backwardTraining(float[] gy, float[] noise, float[] gx) {
        checkTraining(gy, "gy", noise, "noise", gx, "gx");
        for (int i = 0; i < gy.length; i++) {
            gx[i] = CanonicalNaN.of(noise[i] * gy[i]);
        }
    }

    /** Training-mode gradient: gx = gy·noise, as libtorch's {@code rrelu_with_noise_backward}. */
    public void backwardTraining(double[] gy, double[] noise, double[] gx) {
        checkTraining(gy, "gy", noise, "noise", gx, "gx");
        for (int i = 0; i < gy.length; i++) {
            gx[i] = CanonicalNaN.of(noise[i] * gy[i]);
        }
    }

    /**
     * Null, length and overlap checks ({@link io.github.torchact.kernel.Kernel}'s contracts): the
     * output {@code b} may be the input {@code in} itself, or {@code a}; in the forward, {@code a}
     * (y) and {@code b} (noise) are both outputs and must not share elements.
     */
    private static void checkTraining(Object in, String inName, Object a, String aName, Object b, String bName) {
        KernelArgs.nonNull(in, inName);
        KernelArgs.nonNull(a, aName);
        KernelArgs.nonNull(b, bName);
        int n = Array.getLength(in);
        checkLengths(n, Array.getLength(a), Array.getLength(b), aName, bName);
        if (bName.equals("noise")) {
            KernelArgs.checkOverlap(a, 0, n, aName, in, 0, n, inName);
            KernelArgs.checkOverlap(b, 0, n, bName, in, 0, n, inName);
            KernelArgs.checkDisjoint(a, 0, n, aName, b, 0, n, bName);
        } else {
            KernelArgs.checkOverlap(b, 0, n, bName, in, 0, n, inName);
            KernelArgs.checkOverlap(b, 0, n, bName, a, 0, n, aName);
        }
    }

    private static void checkLengths(int n, int a, int b, String aName, String bName) {
        if (a != n || b != n) {
            throw new IllegalArgumentException(
                    "rrelu: " + aName + " and " + bName + " must have " + n + " elements, got " + a + " and " + b);
        }
    }

    /**
     * Evaluation mode is leaky_relu ({@link LeakyRelu#canonicalNaN}): NaNs pass through unless the slope
     * (lower + upper) / 2 is NaN (lower = -inf, upper = +inf). The training methods write the canonical NaN.
     */
    @Override
    public boolean canonicalNaN() {
        return eval.canonicalNaN();
    }

    /** Evaluation mode runs leaky_relu's form, on {@link #evaluationMode()}. */
    @Override
    public String vectorForm() {
        return vectorFormNamed("LeakyReluVector");
    }
}
