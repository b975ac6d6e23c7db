package io.github.torchact.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchact.kernel.ElementwiseKernel;

import org.junit.jupiter.api.Test;

/** {@code elementwiseKernel} gives the range/buffer API without a cast, and refuses the shape-bound kernels. */
class TypedKernelTest {

    @Test
    void readmeExampleCompilesAndMatchesTheKernel() {
        float[] x = {-3f, -0.5f, 0f, 0.5f, 3f};
        float[] y = new float[x.length];
        int n = x.length;
        Catalog.GELU.elementwiseKernel(Catalog.GELU.defaults()).forward(x, 0, y, 0, n);
        float[] want = new float[n];
        Catalog.GELU.kernel(Catalog.GELU.defaults()).forward(x, new long[] {n}, new float[0][], want);
        assertArrayEquals(want, y);
        ElementwiseKernel softplus = Catalog.SOFTPLUS.elementwiseKernel(Catalog.SOFTPLUS.params(2.0, 5.0));
        assertTrue(softplus.apply(1f) > 1f);
    }

    /** Every elementwise-layout activation has a typed kernel; every other layout's is refused, naming it. */
    @Test
    void shapeBoundKernelsAreRefusedByName() {
        for (ActivationSpec s : Catalog.all()) {
            Params p = s.paramSets().get(0);
            if (s.layout() == Layout.ELEMENTWISE) {
                assertTrue(s.elementwiseKernel(p) != null, s.name());
                continue;
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.elementwiseKernel(p));
            assertTrue(e.getMessage().contains(s.name()) && e.getMessage().contains("kernel(params)"), e.getMessage());
        }
    }
}
