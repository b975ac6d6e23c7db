package io.github.torchact.kernel.vector;

/**
 * Per-thread scratch blocks for the staged vector loops: a kernel walks its range in blocks of {@link
 * #SIZE} elements, each stage (argument, exp, log1p, combine) one pass over a block that stays in L1.
 * Allocated once per thread, so the hot path allocates nothing.
 */
final class Blocks {

    /** Elements per block: a multiple of every vector length, 4 KiB of float32. */
    static final int SIZE = 1024;

    private static final ThreadLocal<float[][]> F32 = ThreadLocal.withInitial(() -> new float[3][SIZE]);
    private static final ThreadLocal<double[][]> F64 = ThreadLocal.withInitial(() -> new double[3][SIZE]);
    private static final ThreadLocal<int[]> I32 = ThreadLocal.withInitial(() -> new int[SIZE]);

    private Blocks() {}

    /** This thread's three float32 blocks. */
    static float[][] f32() {
        return F32.get();
    }

    /** This thread's int block (gather indices). */
    static int[] i32() {
        return I32.get();
    }

    /** This thread's three float64 blocks. */
    static double[][] f64() {
        return F64.get();
    }
}
