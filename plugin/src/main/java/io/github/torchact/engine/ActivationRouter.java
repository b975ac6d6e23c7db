package io.github.torchact.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Computes a catalog activation of an NDArray on the route its engine allows.
 *
 * <ul>
 *   <li><b>PyTorch engine</b>: libtorch's own operators: called directly through DJL where DJL
 *       has them with the same arguments ({@link EagerOps}: one JNI call, and
 *       PyTorch's composites stay on eager autograd), otherwise through a generated TorchScript module
 *       ({@link TorchScriptModules}); values and gradients are PyTorch's, bit for bit, and autograd
 *       records the call whenever a {@code GradientCollector} is open.
 *   <li><b>Any other engine</b>: the Java kernel on host arrays ({@link JavaKernelRoute}); values
 *       meet the spec's bound against libtorch, but the result carries <b>no gradient</b>.
 *   <li><b>identity</b>: returns {@code x} itself on every engine.
 * </ul>
 *
 * <p>Every route validates first: the dtype (float32 or float64), the weight's dtype and size, and
 * the shape ({@code dim} in range, GLU's even halving, PReLU's channels), so bad input fails with a
 * clear message before any computation.
 */
public final class ActivationRouter {

    /** DJL's name for its PyTorch engine. */
    public static final String PYTORCH = "PyTorch";

    private ActivationRouter() {}

    /**
     * The activation {@code p} of {@code x}.
     *
     * @param p the activation and its parameter values
     * @param x the input, float32 or float64
     * @param weight the learnable tensor (PReLU's slopes, Flexible ReLU's bias), or {@code null}
     * @param training training mode: RReLU samples its slopes; elsewhere only autograd depends on it
     * @return the result, attached to {@code x}'s manager ({@code x} itself for identity)
     */
    public static NDArray forward(Params p, NDArray x, NDArray weight, boolean training) {
        validate(p, x, weight);
        if (p.spec() == Catalog.IDENTITY) {
            return x;
        }
        if (isPyTorch(x)) {
            NDArray eager = EagerOps.apply(p, x, weight);
            return eager != null ? eager : TorchScriptModules.shared().forward(p, x, weight, training);
        }
        return JavaKernelRoute.forward(p, x, weight, training);
    }

    /** Whether {@code x} lives on DJL's PyTorch engine (the route with libtorch's own operators). */
    public static boolean isPyTorch(NDArray x) {
        return PYTORCH.equals(x.getManager().getEngine().getEngineName());
    }

    /**
     * Throws {@link IllegalArgumentException} naming {@code who} (a function or block) and {@code t}
     * unless {@code t} is float32 or float64, the dtypes every route computes.
     *
     * <p>Callers check before any other DJL call touches an array of that dtype or creates one: on
     * DJL 0.35's PyTorch engine, creating a bfloat16, int16, uint16/32/64, string or unknown array
     * aborts the JVM ({@code terminate called without an active exception}), so a dtype argument
     * must be refused before it reaches DJL, and an input's dtype is read with {@link
     * NDArray#getDataType()} alone before anything else.
     *
     * @param who the function or block, for the message
     * @param what the argument ("input", "dtype"), for the message
     * @param t the dtype, or {@code null}
     */
    public static void checkDtype(String who, String what, DataType t) {
        if (t != DataType.FLOAT32 && t != DataType.FLOAT64) {
            throw new IllegalArgumentException(who + ": " + what + " dtype must be float32 or float64, got " + t);
        }
    }

    /** Throws {@link IllegalArgumentException} naming the argument if the call cannot be computed. */
    public static void validate(Params p, NDArray x, NDArray weight) {
        ActivationSpec s = p.spec();
        if (x == null) {
            throw new IllegalArgumentException(s.name() + ": input must not be null");
        }
        DataType t = x.getDataType();
        checkDtype(s.name(), "input", t);
        if (weight != null) {
            if (s.weight() == null) {
                throw new IllegalArgumentException(s.name() + " has no learnable tensor, but one was given");
            }
            if (weight.getDataType() != t) {
                throw new IllegalArgumentException(s.name() + ": " + s.weight().name()
                        + " dtype " + weight.getDataType() + " differs from input dtype " + t);
            }
            if (weight.getShape().dimension() != 1) {
                throw new IllegalArgumentException(s.name() + ": " + s.weight().name()
                        + " must be 1-D, got shape " + weight.getShape());
            }
        }
        s.checkShape(p, x.getShape().getShape(), weight == null ? 0 : weight.size());
    }
}
