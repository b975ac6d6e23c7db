package io.github.torchact.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.torchact.kernel.ElementwiseKernel;

import org.junit.jupiter.api.Test;

/** The kernels module has no dependencies: every activation's kernel is reachable with DJL absent. */
class CatalogWithoutDjlTest {

    @Test
    void djlIsNotOnTheClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("ai.djl.ndarray.NDArray"));
    }

    @Test
    void everyKernelBuildsAndRunsWithoutDjl() {
        for (ActivationSpec s : Catalog.all()) {
            for (Params p : s.paramSets()) {
                assertNotNull(s.kernel(p), s.name());
            }
        }
        ElementwiseKernel gelu = Catalog.GELU.elementwiseKernel();
        float[] y = new float[1];
        gelu.forward(new float[] {1f}, 0, y, 0, 1);
        assertEquals(0.8413447f, y[0]);
    }
}
