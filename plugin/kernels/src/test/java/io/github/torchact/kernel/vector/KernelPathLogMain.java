package io.github.torchact.kernel.vector;

import io.github.torchact.spec.Catalog;

/** Run by {@link KernelPathLogTest} in a fresh JVM: kernels used several times, as an application would. */
public final class KernelPathLogMain {

    private KernelPathLogMain() {}

    public static void main(String[] args) {
        float[] x = {-2f, -1f, 0f, 1f, 2f, 3f, 4f, 5f};
        float[] y = new float[x.length];
        for (int i = 0; i < 3; i++) {
            Catalog.GELU.elementwiseKernel().forward(x, 0, y, 0, x.length);
            Catalog.SOFTMAX.kernel(Catalog.SOFTMAX.params(-1)).forward(x, new long[] {2, 4}, new float[0][], y);
        }
        System.out.println("done " + y[0]);
    }
}
