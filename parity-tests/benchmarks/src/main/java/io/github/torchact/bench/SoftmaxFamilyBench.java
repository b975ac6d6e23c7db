package io.github.torchact.bench;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.parallel.Parallelism;
import io.github.torchact.spec.Params;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The softmax family's Java kernels on 1 thread with their CPU time ({@link CpuTime}): the kernel's
 * cost on a shared, overloaded machine, where wall time mostly measures the other processes. Shape
 * {@code [size/1024, 1024]} as {@link JavaKernelBench}; small sizes repeat the call so that each
 * invocation covers at least 64K elements (the CPU clock's own cost then stays under 1%). Per
 * invocation {@code cpu.calls} counts the kernel calls, so {@code size · calls / cpuNs} is G elem/s.
 */
@State(Scope.Benchmark)
public class SoftmaxFamilyBench {

    @Param("softmax")
    public String activation;

    @Param("4096")
    public int size;

    @Param("f32")
    public String dtype;

    private Kernel kernel;
    private long[] shape;
    private int reps;
    private float[] xf, yf, gyf, gxf;
    private double[] xd, yd, gyd, gxd;

    @Setup
    public void setUp() {
        Parallelism.setThreads(1);
        Params p = BenchCase.params(activation);
        kernel = p.spec().kernel(p);
        shape = BenchCase.shape(size);
        reps = Math.max(1, 65536 / size);
        if (dtype.equals("f32")) {
            xf = BenchCase.floats(size, 1);
            gyf = BenchCase.floats(size, 2);
            yf = new float[size];
            gxf = new float[size];
        } else if (dtype.equals("f64")) {
            xd = BenchCase.doubles(size, 1);
            gyd = BenchCase.doubles(size, 2);
            yd = new double[size];
            gxd = new double[size];
        } else {
            throw new IllegalArgumentException("dtype must be f32 or f64, got " + dtype);
        }
    }

    @Benchmark
    public Object forward(CpuTime cpu) {
        long t = CpuTime.now();
        for (int r = 0; r < reps; r++) {
            if (xf != null) {
                kernel.forward(xf, shape, new float[0][], yf);
            } else {
                kernel.forward(xd, shape, new double[0][], yd);
            }
        }
        count(cpu, t);
        return xf != null ? yf : yd;
    }

    @Benchmark
    public Object backward(CpuTime cpu) {
        long t = CpuTime.now();
        for (int r = 0; r < reps; r++) {
            if (xf != null) {
                kernel.backward(xf, shape, new float[0][], gyf, gxf, new float[0][]);
            } else {
                kernel.backward(xd, shape, new double[0][], gyd, gxd, new double[0][]);
            }
        }
        count(cpu, t);
        return xf != null ? gxf : gxd;
    }

    private void count(CpuTime cpu, long start) {
        cpu.cpuNs += CpuTime.now() - start;
        cpu.calls += reps;
    }
}
