package io.github.torchact.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.torchact.kernel.impl.Relu;

import org.junit.jupiter.api.Test;

/** Without jdk.incubator.vector in the boot layer (this module's tests), the scalar loops serve. */
class VectorSupportTest {

    @Test
    void offWithoutTheModule() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(present, VectorSupport.enabled());
        if (!present) {
            assertSame(VectorLoops.NONE, VectorSupport.loopsFor(new Relu()));
            assertSame(FunnelLoops.NONE, VectorSupport.funnel());
            assertSame(ChannelSumLoops.NONE, VectorSupport.channelSum());
        }
    }

    @Test
    void kernelsWorkEitherWay() {
        float[] x = {-1f, -0f, 0f, 2f, Float.NaN, Float.NEGATIVE_INFINITY, 3f, -4f, 5f, 6f, -7f, 8f, 9f, 10f, -11f, 12f, 13f};
        float[] y = new float[x.length];
        new Relu().forward(x, 0, y, 0, x.length);
        float[] want = {0f, -0f, 0f, 2f, Float.NaN, 0f, 3f, 0f, 5f, 6f, 0f, 8f, 9f, 10f, 0f, 12f, 13f};
        assertArrayEquals(want, y);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(y[1]), "relu(-0) is -0 as in torch");
    }
}
