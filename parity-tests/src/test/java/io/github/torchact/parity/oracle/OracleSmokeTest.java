package io.github.torchact.parity.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.ActivationSpec;

import org.junit.jupiter.api.Test;

import java.util.Map;

class OracleSmokeTest {

    @Test
    void smoke() {
        TorchReference t = TorchReference.get();
        for (ActivationSpec s : Catalog.all()) {
            System.out.println(s.name());
        }
        ActivationSpec mish = Catalog.get("mish");
        HostTensor y = t.forward(mish, mish.defaults(), HostTensor.vector(new float[] {1f}), null);
        System.out.println("mish(1) = " + y.f32()[0]);
        ActivationSpec sp = Catalog.get("softplus");
        y = t.forward(sp, sp.params(Map.of("beta", 2, "threshold", 5)), HostTensor.vector(new double[] {3}), null);
        System.out.println("softplus = " + y.f64()[0]);
        ActivationSpec relu = Catalog.get("relu");
        var g = t.backward(relu, relu.defaults(), HostTensor.vector(new float[] {0f, 1f, -0f}), null,
                HostTensor.vector(new float[] {5f, 5f, 5f}));
        System.out.println("relu' = " + java.util.Arrays.toString(g.input().f32()));
        ActivationSpec prelu = Catalog.get("prelu");
        g = t.backward(prelu, prelu.defaults(), HostTensor.of(new float[] {0f, 1f, -2f, 3f}, 2, 2), HostTensor.of(new float[] {0.25f, 0.5f}, 2),
                HostTensor.of(new float[] {1f, 1f, 1f, 1f}, 2, 2));
        System.out.println("prelu' = " + java.util.Arrays.toString(g.input().f32()) + " w " + java.util.Arrays.toString(g.weight().f32()));
        ActivationSpec sm = Catalog.get("softmax");
        y = t.forward(sm, sm.params(Map.of("dim", 1)), HostTensor.of(new float[] {0f, 1f, 2f, 3f}, 2, 2), null);
        System.out.println("softmax = " + java.util.Arrays.toString(y.f32()));
        ActivationSpec fr = Catalog.get("flexible_relu");
        y = t.forward(fr, fr.defaults(), HostTensor.of(new float[] {-1f, 1f, -2f, 3f}, 2, 2), HostTensor.of(new float[] {0.5f, 1f}, 2));
        System.out.println("frelu = " + java.util.Arrays.toString(y.f32()));
        ActivationSpec lr = Catalog.get("leaky_relu");
        y = t.forwardDefaults(lr, HostTensor.vector(new float[] {-20f}), null);
        assertEquals(-0.19999999f, y.f32()[0]);
    }
}
