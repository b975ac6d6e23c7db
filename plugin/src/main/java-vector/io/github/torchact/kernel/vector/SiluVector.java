package io.github.torchact.kernel.vector;

/**
 * Vector form of {@link io.github.torchact.kernel.impl.Silu}, float32 forward only: {@code x / (1 +
 * exp(−x))} with the Vector API exp of {@link SleefExpLoop}. Float64 and the gradient run the scalar loops.
 */
final class SiluVector implements VectorLoops {

    @Override
    public int cost() {
        return 4;
    }

    @Override
    public int forward(float[] x, int xOff, float[] y, int yOff, int len) {
        return SleefExpLoop.forward(x, xOff, y, yOff, len, true);
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
}
