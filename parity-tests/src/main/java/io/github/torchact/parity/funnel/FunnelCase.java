package io.github.torchact.parity.funnel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.torchact.nn.FunnelReLU;
import io.github.torchact.parity.oracle.HostTensor;

import java.util.List;
import java.util.Random;

/**
 * A FunnelReLU input, upstream gradient and parameter set (conv weight, conv bias, BN weight, BN bias, running
 * mean, running variance), run through the block on DJL's PyTorch engine.
 *
 * @param x the input (N, C, H, W)
 * @param params the six tensors
 * @param gy the upstream gradient, x's shape
 */
public record FunnelCase(HostTensor x, HostTensor[] params, HostTensor gy) {

    /** Random input, upstream gradient and parameters (running variance positive) of {@code dtype}. */
    public static FunnelCase random(long seed, boolean f64, int n, int c, int h, int w, int k) {
        Random r = new Random(seed);
        long[] xs = {n, c, h, w};
        return new FunnelCase(gaussian(r, f64, 1, xs), new HostTensor[] {
            gaussian(r, f64, 0.5, c, 1, k, k),
            gaussian(r, f64, 0.5, c),
            gaussian(r, f64, 1, c),
            gaussian(r, f64, 0.5, c),
            gaussian(r, f64, 0.3, c),
            positive(r, f64, c),
        }, gaussian(r, f64, 1, xs));
    }

    public static HostTensor gaussian(Random r, boolean f64, double scale, long... shape) {
        int size = 1;
        for (long d : shape) {
            size *= (int) d;
        }
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = r.nextGaussian() * scale;
        }
        return like(f64, v, shape);
    }

    public static HostTensor positive(Random r, boolean f64, int c) {
        double[] v = new double[c];
        for (int i = 0; i < c; i++) {
            v[i] = 0.2 + 2 * r.nextDouble();
        }
        return like(f64, v, c);
    }

    public static HostTensor like(boolean f64, double[] v, long... shape) {
        if (f64) {
            return HostTensor.of(v, shape);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return HostTensor.of(f, shape);
    }

    public boolean f64() {
        return x.isF64();
    }

    /** A block of this case's shape with its parameters set. */
    public FunnelReLU block(NDManager m) {
        FunnelReLU b = FunnelReLU.builder().setChannels((int) x.shape()[1]).optKernelSize((int) params[0].shape()[2]).build();
        b.initialize(m, f64() ? DataType.FLOAT64 : DataType.FLOAT32, new Shape(x.shape()));
        List<Parameter> t = b.tensors();
        for (int i = 0; i < 6; i++) {
            NDArray a = t.get(i).getArray();
            a.set(params[i].toNDArray(m).toByteBuffer());
        }
        return b;
    }

    /**
     * The block's results: y, running mean and variance after the call, then (with {@code grad})
     * d/dx, d/dconv weight, d/dconv bias, d/dBN weight, d/dBN bias for upstream gradient gy.
     */
    public HostTensor[] runBlock(NDManager m, boolean training, boolean grad) {
        FunnelReLU b = block(m);
        try (NDManager s = m.newSubManager()) {
            NDArray xa = x.toNDArray(s);
            if (!grad) {
                NDArray y = b.forward(new ParameterStore(s, false), new NDList(xa), training).singletonOrThrow();
                return new HostTensor[] {HostTensor.of(y), host(b, 4), host(b, 5)};
            }
            try (GradientCollector gc = s.getEngine().newGradientCollector()) {
                xa.setRequiresGradient(true);
                NDArray y = b.forward(new ParameterStore(s, false), new NDList(xa), training).singletonOrThrow();
                gc.backward(y.mul(gy.toNDArray(s)).sum());
                return new HostTensor[] {
                    HostTensor.of(y), host(b, 4), host(b, 5), HostTensor.of(xa.getGradient()),
                    HostTensor.of(b.tensors().get(0).getArray().getGradient()),
                    HostTensor.of(b.tensors().get(1).getArray().getGradient()),
                    HostTensor.of(b.tensors().get(2).getArray().getGradient()),
                    HostTensor.of(b.tensors().get(3).getArray().getGradient()),
                };
            }
        }
    }

    private static HostTensor host(FunnelReLU b, int i) {
        return HostTensor.of(b.tensors().get(i).getArray());
    }
}
