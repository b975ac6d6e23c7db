package io.github.torchact.kernel;

import java.util.Arrays;

/**
 * An activation's forward and backward over plain Java arrays in row-major layout, no DJL types.
 *
 * <p>{@code weights} holds the learnable tensors (PReLU's slopes, Flexible ReLU's bias) and is empty
 * for the others. The backward computes the vector-Jacobian product with upstream gradient {@code gy}
 * into {@code gx}, and accumulates nothing: {@code gw[i]} is overwritten with the weight gradient.
 *
 * <p>Contracts of every kernel method (these and {@link ElementwiseKernel}'s ranges and buffers),
 * checked before anything is written:
 * <ul>
 *   <li><b>Null</b>: a null array (or shape, or element of {@code weights} / {@code gw}) throws
 *       {@link NullPointerException} whose message names the argument ({@code "x"}, {@code
 *       "weights[0]"}).
 *   <li><b>Shapes</b>: a negative dimension, a dimension or an element count that Java arrays
 *       cannot index, and an element count that overflows {@code long} ({@code [3, 2^62 + 1]}) are
 *       refused with {@link IllegalArgumentException} naming the shape ({@link #numel}).
 *   <li><b>Overlap</b>: an output ({@code y}, {@code gx}, {@code gw[i]}) may be the very same range
 *       as an input (same array, same offset, same length): the kernel then works in place, e.g.
 *       {@code forward(x, shape, w, x)}, or {@code gx == gy}. Any other overlap between an output
 *       and an input, or between two outputs, in one array is refused with {@link
 *       IllegalArgumentException} (not handled like {@code memmove}: the threads of a split
 *       would race). The check compares array identity and index ranges only, so two distinct
 *       direct buffers viewing the same memory are not detected; give them identical ranges or
 *       none.
 *   <li><b>NaN</b>: a kernel writes the same NaN bits on the Vector API and scalar paths, whatever
 *       the sign and payload of the NaN inputs; which NaN is {@link #canonicalNaN}'s rule: the
 *       input's own NaN for the piecewise-linear kernels, the canonical NaN ({@link Float#NaN},
 *       bits {@code 0x7fc00000}; {@link Double#NaN}, {@code 0x7ff8000000000000}) for all others.
 *       (libtorch propagates payloads as the x86 instructions do, and Java arithmetic leaves them
 *       unspecified; parity with libtorch is "NaN exactly where torch gives NaN".) The scalar
 *       functions {@link ElementwiseKernel#apply(float)} and {@link ElementwiseKernel#grad(float,
 *       float)} return whatever NaN the arithmetic yields.
 * </ul>
 */
public interface Kernel {

    /** The output shape for an input of {@code shape} (the input's, except for GLU). */
    default long[] outputShape(long[] shape) {
        return KernelArgs.nonNull(shape, "shape").clone();
    }

    /** The forward over a float32 tensor of {@code shape} into {@code y}. */
    void forward(float[] x, long[] shape, float[][] weights, float[] y);

    /** The forward over a float64 tensor of {@code shape} into {@code y}. */
    void forward(double[] x, long[] shape, double[][] weights, double[] y);

    /** The float32 backward: {@code gx} and {@code gw} from the upstream gradient {@code gy}. */
    void backward(float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw);

    /** The float64 backward: {@code gx} and {@code gw} from the upstream gradient {@code gy}. */
    void backward(
            double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw);

    /**
     * Which NaN this kernel writes (the same bits on the Vector API and scalar paths either way).
     *
     * <p>{@code true} (the default): every NaN it writes is the canonical NaN ({@link CanonicalNaN}).
     * Kernels that compute through exp, log, tanh, erf, division or a reduction (sigmoid, gelu,
     * softmax, ...) need this: their two paths reach a NaN by different operation orders, and an
     * operation with two NaN operands keeps the first one's payload (the JIT may even commute it).
     *
     * <p>{@code false}, the piecewise-linear kernels (relu, leaky_relu, rrelu's evaluation mode,
     * hardtanh, relu6, threshold, hardshrink, softshrink, heaviside, identity, prelu, flexible_relu):
     * their outputs are compares and blends of the input with at most one multiply or add by a
     * non-NaN parameter, so each output NaN ({@code y}, {@code gx}) is the input element's own NaN
     * ({@code x}, {@code gy}) passed through, sign and payload kept, its quiet bit set where an
     * arithmetic step touched it. That is already the same on both paths, so these kernels skip the
     * canonical pass (a sweep ran relu at about half its speed on arrays in L1). An invalid
     * operation such as {@code 0 · ∞} (leaky_relu with slope 0 at {@code -∞}) gives the processor's
     * default NaN, on both paths. Where a parameter or weight is itself NaN, and in a weight
     * gradient (a reduction), these kernels write the canonical NaN too.
     */
    default boolean canonicalNaN() {
        return true;
    }

    /** {@code dim} normalised into [0, ndim), or PyTorch's "Dimension out of range" message. */
    static int normalizeDim(long dim, int ndim) {
        int lo = ndim == 0 ? -1 : -ndim;
        int hi = ndim == 0 ? 0 : ndim - 1;
        if (dim < lo || dim > hi) {
            throw new IllegalArgumentException("Dimension out of range (expected to be in range of ["
                    + lo + ", " + hi + "], but got " + dim + ")");
        }
        return (int) (dim < 0 ? dim + Math.max(ndim, 1) : dim);
    }

    /**
     * The number of elements of a shape.
     *
     * @throws NullPointerException if {@code shape} is null
     * @throws IllegalArgumentException naming the shape if a dimension is negative or above {@code
     *     Integer.MAX_VALUE - 8}, or the element count overflows {@code long} (PyTorch's "numel:
     *     integer multiplication overflow") or exceeds what a Java array holds
     */
    static int numel(long[] shape) {
        KernelArgs.nonNull(shape, "shape");
        boolean empty = false;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "Trying to create tensor with negative dimension " + d + ": " + Arrays.toString(shape));
            }
            empty |= d == 0;
        }
        long n = empty ? 0 : 1;
        for (int i = 0; i < shape.length && !empty; i++) {
            try {
                n = Math.multiplyExact(n, shape[i]);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("numel: integer multiplication overflow: shape " + Arrays.toString(shape));
            }
        }
        for (long d : shape) {
            if (d > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("dimension " + d + " of shape " + Arrays.toString(shape)
                        + " exceeds what a Java array indexes (2^31-9)");
            }
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + n
                    + " elements; Java arrays hold at most 2^31-9");
        }
        return (int) n;
    }
}
