package io.github.torchact.kernel.vector;

/**
 * The Vector API form of one elementwise kernel's array loops. Each method processes a prefix of the
 * range whose length is a multiple of the vector width and returns that length; the caller finishes
 * the tail with the scalar kernel. Every lane gives the same bits as the scalar kernel for the same
 * element (same operations in the same order, same fma use), so the split point never shows, NaN
 * payloads included: piecewise-linear forms pass the input's NaN through as the scalar kernel does;
 * the others write the canonical NaN, in their stores or swept by the registry ({@link
 * io.github.torchact.kernel.Kernel#canonicalNaN}).
 *
 * <p>Callers have already checked the ranges.
 */
public interface VectorLoops {

    /** Loops for a kernel without a vector form: they process nothing. */
    VectorLoops NONE = new VectorLoops() {
        /** Scalar loops run roughly 8× slower per element than a memory-bound vector loop. */
        @Override
        public int cost() {
            return 8;
        }

        @Override
        public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
            return 0;
        }

        @Override
        public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
            return 0;
        }

        @Override
        public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
            return 0;
        }

        @Override
        public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
            return 0;
        }
    };

    /**
     * Time per element relative to a memory-bound copy (1 for compare/blend kernels, about 4–16 for
     * an exp or log): the kernel's arrays split across threads from {@code threshold / cost} elements.
     */
    default int cost() {
        return 1;
    }

    /** y = f(x) over a prefix of [0, len); returns the prefix length. */
    int forward(float[] x, int xOff, float[] y, int yOff, int len);

    /** y = f(x) over a prefix of [0, len); returns the prefix length. */
    int forward(double[] x, int xOff, double[] y, int yOff, int len);

    /** gx = gy · f'(x) over a prefix of [0, len); returns the prefix length. */
    int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len);

    /** gx = gy · f'(x) over a prefix of [0, len); returns the prefix length. */
    int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len);
}
