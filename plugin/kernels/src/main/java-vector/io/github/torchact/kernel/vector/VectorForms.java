package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.impl.Elu;
import io.github.torchact.kernel.impl.Gelu;
import io.github.torchact.kernel.impl.GeluTanh;
import io.github.torchact.kernel.impl.Hardshrink;
import io.github.torchact.kernel.impl.Hardsigmoid;
import io.github.torchact.kernel.impl.Hardswish;
import io.github.torchact.kernel.impl.Hardtanh;
import io.github.torchact.kernel.impl.Heaviside;
import io.github.torchact.kernel.impl.Identity;
import io.github.torchact.kernel.impl.LeakyRelu;
import io.github.torchact.kernel.impl.LogSigmoid;
import io.github.torchact.kernel.impl.Mish;
import io.github.torchact.kernel.impl.RRelu;
import io.github.torchact.kernel.impl.Relu;
import io.github.torchact.kernel.impl.Sigmoid;
import io.github.torchact.kernel.impl.Silu;
import io.github.torchact.kernel.impl.Softplus;
import io.github.torchact.kernel.impl.Softshrink;
import io.github.torchact.kernel.impl.Softsign;
import io.github.torchact.kernel.impl.Tanh;
import io.github.torchact.kernel.impl.Tanhshrink;
import io.github.torchact.kernel.impl.Threshold;

import java.util.function.Function;

/**
 * The registry of Vector API forms: maps a scalar kernel to the loops that reproduce it lane by lane.
 * Loaded reflectively by {@link VectorSupport}, only when {@code jdk.incubator.vector} is present.
 *
 * <p>Adding an activation's vector form: a final class beside these with the four loops (copy
 * {@link ReluVector}: the loops stay in each class so the JIT inlines the lane function and keeps
 * vectors in registers), its lane functions written with the same operations in the same order as
 * the scalar kernel (branches become {@code compare} + {@code blend}, {@code AtenMath} calls become
 * their vector counterparts, same op order and fma use), and one line here. Parameters are read
 * through the scalar kernel where it exposes no accessor (e.g. a slope as {@code -apply(-1)}, exact
 * by construction).
 *
 * <p>NaNs ({@link ElementwiseKernel#canonicalNaN}): a piecewise-linear kernel's form (compares,
 * blends, at most one NaN operand per arithmetic step) passes the input's NaN through exactly as the
 * scalar loop does and runs bare. Every other kernel must write the canonical NaN: its form
 * canonicalises in its own final stores ({@link CanonicalStores}: a compare and a blend on each
 * stored vector, as every such form here does), or else is wrapped in {@link CanonicalNaNLoops}, a second
 * pass over each block just written (the safe default for a new form, and what leaky_relu with a NaN
 * slope gets).
 */
public final class VectorForms implements Function<ElementwiseKernel, VectorLoops> {

    /**
     * The vector form of {@code k}, or null: bare where {@code k} passes NaNs through ({@link
     * ElementwiseKernel#canonicalNaN} false) or the form's stores are canonical ({@link
     * CanonicalStores}), else wrapped in {@link CanonicalNaNLoops}.
     */
    @Override
    public VectorLoops apply(ElementwiseKernel k) {
        VectorLoops loops = form(k);
        if (loops == null || !k.canonicalNaN() || loops instanceof CanonicalStores) {
            return loops;
        }
        return new CanonicalNaNLoops(loops);
    }

    private static VectorLoops form(ElementwiseKernel k) {
        if (k instanceof Relu) {
            return new ReluVector();
        }
        if (k instanceof LeakyRelu || k instanceof RRelu) {
            // apply(-1) = -1 · slope, exact in both dtypes, so this recovers the kernel's own slopes
            // (rrelu's evaluation mode is leaky_relu with slope (lower + upper) / 2).
            return new LeakyReluVector(-k.apply(-1f), -k.apply(-1d));
        }
        if (k instanceof Hardtanh) {
            // apply(∓inf) = min_val / max_val exactly (relu6 is a Hardtanh(0, 6)).
            return new HardtanhVector(k.apply(Float.NEGATIVE_INFINITY), k.apply(Float.POSITIVE_INFINITY),
                    k.apply(Double.NEGATIVE_INFINITY), k.apply(Double.POSITIVE_INFINITY));
        }
        if (k instanceof Heaviside) {
            // apply(±0) = values, rounded to each dtype.
            return new HeavisideVector(k.apply(0f), k.apply(0d));
        }
        if (k instanceof Hardswish) {
            return new HardswishVector(((Hardswish) k).closedKinks());
        }
        if (k instanceof Sigmoid) {
            return new SigmoidVector();
        }
        if (k instanceof Silu) {
            return new SiluVector();
        }
        if (k instanceof Tanh) {
            return new TanhVector();
        }
        if (k instanceof Tanhshrink) {
            return new TanhshrinkVector();
        }
        if (k instanceof GeluTanh) {
            return new GeluTanhVector();
        }
        if (k instanceof Gelu) {
            return new GeluVector(((Gelu) k).fusedGrad());
        }
        if (k instanceof Softplus) {
            Softplus sp = (Softplus) k;
            return new SoftplusVector(sp.betaFloat(), sp.thresholdFloat(), sp.betaDouble(), sp.thresholdDouble());
        }
        if (k instanceof Mish) {
            return new MishVector();
        }
        if (k instanceof LogSigmoid) {
            return new LogSigmoidVector();
        }
        if (k instanceof Elu) {
            Elu e = (Elu) k;
            return new EluVector(e.float32Coefficients(), e.float64Coefficients(), e.usesExpm1());
        }
        if (k instanceof Hardsigmoid) {
            return new HardsigmoidVector();
        }
        if (k instanceof Hardshrink) {
            return new HardshrinkVector(((Hardshrink) k).lambd());
        }
        if (k instanceof Softshrink) {
            return new SoftshrinkVector(((Softshrink) k).lambd());
        }
        if (k instanceof Threshold) {
            return new ThresholdVector(((Threshold) k).threshold(), ((Threshold) k).value());
        }
        if (k instanceof Softsign) {
            return new SoftsignVector();
        }
        if (k instanceof Identity) {
            return new IdentityVector();
        }
        return null;
    }
}
