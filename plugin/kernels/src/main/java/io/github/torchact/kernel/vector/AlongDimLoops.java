package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.CanonicalNaN;

/**
 * The Vector API forms of the kernels that work along a dimension (softmax, log_softmax and
 * softmin over contiguous rows, GLU over its two halves), which {@link VectorLoops} does not cover
 * because an output element depends on a whole row.
 *
 * <p>The scalar kernels ({@code kernel.impl.Softmax}, {@code LogSoftmax}, {@code Glu}) call these
 * for the rows or prefixes they can take and finish the rest themselves. Every result has the bits
 * of the scalar kernel: reductions keep libtorch's accumulator order (AVX2 or AVX-512) ({@link
 * io.github.torchact.kernel.math.AtenReduce}), elementwise steps the same operations in the same
 * order; NaN payloads aside, which the kernels then make canonical ({@link #canonicalNaN}). A rows
 * method returns false, having written nothing, where it does not take the rows (rows shorter than one
 * accumulator vector among them); a range method returns the length of the prefix it processed. Callers have already
 * checked the ranges.
 */
public interface AlongDimLoops {

    /** Loops for a JVM without the vector forms: they take nothing. */
    AlongDimLoops NONE = new AlongDimLoops() {};

    /** Replaces every NaN in {@code a[off, off + len)} with the canonical NaN ({@link CanonicalNaN}). */
    default void canonicalNaN(float[] a, int off, int len) {
        CanonicalNaN.in(a, off, off + len);
    }

    /** Replaces every NaN in {@code a[off, off + len)} with the canonical NaN ({@link CanonicalNaN}). */
    default void canonicalNaN(double[] a, int off, int len) {
        CanonicalNaN.in(a, off, off + len);
    }

    /**
     * Softmax along the contiguous rows [from, to) of length {@code n} (row r at {@code r·n}) of x into
     * the same positions of y (y may be x): {@code y = exp(x - max) · (1 / sum)}, max and sum as {@code
     * vec::reduce_all}; false, having written nothing, where it does not take them.
     */
    default boolean softmaxRows(float[] x, float[] y, int from, int to, int n) {
        return false;
    }

    /** {@link #softmaxRows(float[], float[], int, int, int)} in float64. */
    default boolean softmaxRows(double[] x, double[] y, int from, int to, int n) {
        return false;
    }

    /**
     * Softmax over columns [0, c) of the slice at {@code base} ({@code n} rows of stride {@code inner})
     * for some c ≤ {@code cols}, as {@code _vec_softmax}'s vector columns compute it: max by {@code
     * vec::maximum} sequentially along the dim from the first row, {@code sum = 0 + e_0 + e_1 + ...},
     * {@code y = e / sum}; returns c.
     */
    default int softmaxColumns(float[] x, float[] y, int base, int n, int inner, int cols) {
        return 0;
    }

    /**
     * Softmax gradient over columns [0, c) of such a slice, c ≤ {@code cols}: {@code sum =
     * fma(gy_d, y_d, sum)} sequentially from 0, {@code gx = y · (gy - sum)}; returns c.
     */
    default int softmaxBackwardColumns(float[] y, float[] gy, float[] gx, int base, int n, int inner, int cols) {
        return 0;
    }

    /** Log-softmax along such rows: {@code y = x - max - log(sum(exp(x - max)))}. */
    default boolean logSoftmaxRows(float[] x, float[] y, int from, int to, int n) {
        return false;
    }

    /** {@link #logSoftmaxRows(float[], float[], int, int, int)} in float64. */
    default boolean logSoftmaxRows(double[] x, double[] y, int from, int to, int n) {
        return false;
    }

    /**
     * Softmax gradient from the output along such rows (gx may be gy): {@code gx = (gy - dot(gy, y)) · y},
     * each product of the dot added with one FMA when {@code fused}, else rounded first.
     */
    default boolean softmaxBackwardRows(float[] y, float[] gy, float[] gx, int from, int to, int n, boolean fused) {
        return false;
    }

    /** {@link #softmaxBackwardRows(float[], float[], float[], int, int, int, boolean)} in float64. */
    default boolean softmaxBackwardRows(double[] y, double[] gy, double[] gx, int from, int to, int n, boolean fused) {
        return false;
    }

    /** Log-softmax gradient from the output along such rows (gx may be gy): {@code gx = fma(-exp(y), sum(gy), gy)}. */
    default boolean logSoftmaxBackwardRows(float[] y, float[] gy, float[] gx, int from, int to, int n) {
        return false;
    }

    /** {@link #logSoftmaxBackwardRows(float[], float[], float[], int, int, int)} in float64. */
    default boolean logSoftmaxBackwardRows(double[] y, double[] gy, double[] gx, int from, int to, int n) {
        return false;
    }

    /**
     * Log-softmax over columns [0, c) of the slice at {@code base} ({@code n} rows of stride {@code
     * inner}) for some c ≤ {@code cols}, all of them {@code _vec_logsoftmax}'s vector columns: max
     * from -inf taking x where {@code x > max}, {@code sum = 0 + exp(x_0 - max) + ...} sequentially
     * along the dim, {@code y = x - max - log(sum)}; returns c.
     */
    default int logSoftmaxColumns(float[] x, float[] y, int base, int n, int inner, int cols) {
        return 0;
    }

    /**
     * Log-softmax gradient over such vector columns [0, c), c ≤ {@code cols}: {@code sum = 0 + gy_0 +
     * gy_1 + ...}, {@code gx = fma(-exp(y), sum, gy)}; returns c.
     */
    default int logSoftmaxBackwardColumns(float[] y, float[] gy, float[] gx, int base, int n, int inner, int cols) {
        return 0;
    }

    /**
     * GLU over a prefix of [0, len): {@code y[yOff + k] = a · (1 / (1 + exp(-b)))} with {@code a =
     * x[aOff + k]}, {@code b = x[bOff + k]}; returns the prefix length.
     */
    default int glu(float[] x, int aOff, int bOff, float[] y, int yOff, int len) {
        return 0;
    }

    /**
     * GLU gradient over a prefix of [0, len): {@code s = 1 / (1 + exp(0 - b))}, {@code gx[bOff + k] =
     * (1 - s) · s · a · g}, {@code gx[aOff + k] = s · g} with {@code g = gy[gyOff + k]}; returns the
     * prefix length.
     */
    default int gluBackward(float[] x, int aOff, int bOff, float[] gy, int gyOff, float[] gx, int len) {
        return 0;
    }
}
