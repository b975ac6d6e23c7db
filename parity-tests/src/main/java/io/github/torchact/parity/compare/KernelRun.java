package io.github.torchact.parity.compare;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference.Gradients;

/** Runs a Java kernel on a parity case, giving results shaped like the oracle's. */
public final class KernelRun {

    private KernelRun() {}

    /** The kernel's forward on the case's input. */
    public static HostTensor forward(Kernel k, ParityCase c) {
        HostTensor x = c.x();
        long[] out = k.outputShape(x.shape());
        if (x.isF64()) {
            double[] y = new double[Kernel.numel(out)];
            k.forward(x.f64(), x.shape(), weights64(c), y);
            return HostTensor.of(y, out);
        }
        float[] y = new float[Kernel.numel(out)];
        k.forward(x.f32(), x.shape(), weights32(c), y);
        return HostTensor.of(y, out);
    }

    /** The kernel's backward on the case's input and upstream gradient. */
    public static Gradients backward(Kernel k, ParityCase c) {
        HostTensor x = c.x();
        HostTensor w = c.weight();
        if (x.isF64()) {
            double[] gx = new double[x.size()];
            double[][] gw = w == null ? new double[0][] : new double[][] {new double[w.size()]};
            k.backward(x.f64(), x.shape(), weights64(c), c.gy().f64(), gx, gw);
            return new Gradients(HostTensor.of(gx, x.shape()), w == null ? null : HostTensor.of(gw[0], w.shape()));
        }
        float[] gx = new float[x.size()];
        float[][] gw = w == null ? new float[0][] : new float[][] {new float[w.size()]};
        k.backward(x.f32(), x.shape(), weights32(c), c.gy().f32(), gx, gw);
        return new Gradients(HostTensor.of(gx, x.shape()), w == null ? null : HostTensor.of(gw[0], w.shape()));
    }

    private static float[][] weights32(ParityCase c) {
        return c.weight() == null ? new float[0][] : new float[][] {c.weight().f32()};
    }

    private static double[][] weights64(ParityCase c) {
        return c.weight() == null ? new double[0][] : new double[][] {c.weight().f64()};
    }
}
