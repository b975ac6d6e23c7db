package io.github.torchact.kernel.vector;

/**
 * A kernel's vector loops with every NaN they write made canonical ({@link NaNVector}): the range
 * goes to the kernel's loops a block at a time and each block, still in L1, is then swept, so the
 * vector path writes the same NaN bits as the scalar path (which canonicalises each result).
 */
final class CanonicalNaNLoops implements VectorLoops {

    /** Elements per block: 8 KiB of float32, well inside L1 with the input and scratch. */
    private static final int BLOCK = 2048;

    private final VectorLoops loops;

    CanonicalNaNLoops(VectorLoops loops) {
        this.loops = loops;
    }

    @Override
    public int cost() {
        return loops.cost();
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        for (int done = 0; done < len; ) {
            int m = Math.min(BLOCK, len - done);
            int k = loops.forward(x, xOff + done, y, yOff + done, m);
            NaNVector.canonical(y, yOff + done, k);
            done += k;
            if (k < m) {
                return done;
            }
        }
        return len;
    }

    @Override
    public int forward(double[] x, int xOff, double[] y, int yOff, int len) {
        for (int done = 0; done < len; ) {
            int m = Math.min(BLOCK, len - done);
            int k = loops.forward(x, xOff + done, y, yOff + done, m);
            NaNVector.canonical(y, yOff + done, k);
            done += k;
            if (k < m) {
                return done;
            }
        }
        return len;
    }

    @Override
    public int backward(float[] x, int xOff, float[] gy, int gyOff, float[] gx, int gxOff, int len) {
        for (int done = 0; done < len; ) {
            int m = Math.min(BLOCK, len - done);
            int k = loops.backward(x, xOff + done, gy, gyOff + done, gx, gxOff + done, m);
            NaNVector.canonical(gx, gxOff + done, k);
            done += k;
            if (k < m) {
                return done;
            }
        }
        return len;
    }

    @Override
    public int backward(double[] x, int xOff, double[] gy, int gyOff, double[] gx, int gxOff, int len) {
        for (int done = 0; done < len; ) {
            int m = Math.min(BLOCK, len - done);
            int k = loops.backward(x, xOff + done, gy, gyOff + done, gx, gxOff + done, m);
            NaNVector.canonical(gx, gxOff + done, k);
            done += k;
            if (k < m) {
                return done;
            }
        }
        return len;
    }
}
