package io.github.torchact.parity.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libtorch 2.7.1's tanh is Intel MKL's closed-source vector tanh ({@code vmsTanh}/{@code vmdTanh},
 * VML_HA; its {@code mkl_vml_kernel_[sd]Tanh_*HA*} kernels are linked into libtorch_cpu.so), which the
 * Java kernels cannot transcribe: their Sleef tanh is within 1 ulp of it (99.92 % of float32 inputs
 * bitwise). This test shows that the backward differs from libtorch's only through that forward: fed
 * libtorch's own y = tanh(x), the Java gradient formulas give libtorch's gradients bit for bit on the
 * standard inputs. So the backward error is exactly the forward's ≤ 1 ulp propagated through
 * {@code d gx / d y = -2·gy·y}: at most |2·gy·y|·ulp(y) before the final rounding, which is the
 * "ulps of max(|gy|, |y|)" bound of both specs (near |y| = 1, where 1 − y² cancels, libtorch's own
 * result has no correct relative digits either).
 */
class TanhBackwardTest {

    @ParameterizedTest(name = "f64={0}")
    @ValueSource(booleans = {false, true})
    void tanhBackwardIsExactGivenTorchsForward(boolean f64) {
        check(Catalog.TANH, f64, false);
    }

    @ParameterizedTest(name = "f64={0}")
    @ValueSource(booleans = {false, true})
    void tanhshrinkBackwardIsExactGivenTorchsForward(boolean f64) {
        check(Catalog.TANHSHRINK, f64, true);
    }

    private static void check(ActivationSpec s, boolean f64, boolean shrink) {
        ParityCase c = ParityCase.standard(s, s.paramSets().get(0), f64, false);
        HostTensor y = TorchReference.get().forward(Catalog.TANH, Catalog.TANH.paramSets().get(0), c.x(), null);
        HostTensor gx = TorchReference.get().backward(s, c.params(), c.x(), null, c.gy()).input();
        int mismatches = 0;
        for (int i = 0; i < c.x().size(); i++) {
            if (f64) {
                double t = y.f64()[i];
                double g = c.gy().f64()[i];
                double tb = g * Math.fma(-t, t, 1d);
                double want = shrink ? g + (-g) * Math.fma(-t, t, 1d) : tb;
                mismatches += same(want, gx.f64()[i]) ? 0 : 1;
            } else {
                float t = y.f32()[i];
                float g = c.gy().f32()[i];
                float want = shrink ? g + (-g) * Math.fma(-t, t, 1f) : g * Math.fma(-t, t, 1f);
                mismatches += same(want, gx.f32()[i]) ? 0 : 1;
            }
        }
        assertEquals(0, mismatches, s.name() + (f64 ? " f64" : " f32") + ": gradients from libtorch's y vs libtorch's");
    }

    private static boolean same(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b) || (a != a && b != b);
    }

    private static boolean same(float a, float b) {
        return Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b) || (a != a && b != b);
    }
}
