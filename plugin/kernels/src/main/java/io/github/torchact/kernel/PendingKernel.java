package io.github.torchact.kernel;

/** Placeholder for an activation whose Java kernel is not written yet: every call throws. */
public final class PendingKernel implements Kernel {

    private final String name;

    /** A placeholder for the activation {@code name}. */
    public PendingKernel(String name) {
        this.name = name;
    }

    private UnsupportedOperationException missing() {
        return new UnsupportedOperationException("no Java kernel for " + name + " yet");
    }

    @Override
    public void forward(float[] x, long[] shape, float[][] weights, float[] y) {
        throw missing();
    }

    @Override
    public void forward(double[] x, long[] shape, double[][] weights, double[] y) {
        throw missing();
    }

    @Override
    public void backward(float[] x, long[] shape, float[][] weights, float[] gy, float[] gx, float[][] gw) {
        throw missing();
    }

    @Override
    public void backward(double[] x, long[] shape, double[][] weights, double[] gy, double[] gx, double[][] gw) {
        throw missing();
    }
}
