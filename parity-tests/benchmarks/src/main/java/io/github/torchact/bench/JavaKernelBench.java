package io.github.torchact.bench;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.parallel.Parallelism;
import io.github.torchact.spec.Params;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The torchact Java kernel over float[]/double[] (Vector API form where loaded), 1 thread or all. */
@State(Scope.Benchmark)
public class JavaKernelBench {

    @Param("relu")
    public String activation;

    @Param("16777216")
    public int size;

    @Param("1")
    public int threads;

    @Param("f32")
    public String dtype;

    private Kernel kernel;
    private long[] shape;
    private float[] xf, yf, gyf, gxf;
    private float[][] wf, gwf;
    private double[] xd, yd, gyd, gxd;
    private double[][] wd, gwd;

    @Setup
    public void setUp() {
        Parallelism.setThreads(threads);
        Params p = BenchCase.params(activation);
        kernel = p.spec().kernel(p);
        shape = BenchCase.shape(size);
        int out = Kernel.numel(kernel.outputShape(shape));
        boolean weighted = p.spec().weight() != null;
        if (dtype.equals("f32")) {
            xf = BenchCase.floats(size, 1);
            gyf = BenchCase.floats(out, 2);
            yf = new float[out];
            gxf = new float[size];
            wf = weighted ? new float[][] {{(float) p.spec().weight().init()}} : new float[0][];
            gwf = weighted ? new float[][] {new float[1]} : new float[0][];
        } else if (dtype.equals("f64")) {
            xd = BenchCase.doubles(size, 1);
            gyd = BenchCase.doubles(out, 2);
            yd = new double[out];
            gxd = new double[size];
            wd = weighted ? new double[][] {{p.spec().weight().init()}} : new double[0][];
            gwd = weighted ? new double[][] {new double[1]} : new double[0][];
        } else {
            throw new IllegalArgumentException("dtype must be f32 or f64, got " + dtype);
        }
    }

    @Benchmark
    public Object forward() {
        if (xf != null) {
            kernel.forward(xf, shape, wf, yf);
            return yf;
        }
        kernel.forward(xd, shape, wd, yd);
        return yd;
    }

    @Benchmark
    public Object backward() {
        if (xf != null) {
            kernel.backward(xf, shape, wf, gyf, gxf, gwf);
            return gxf;
        }
        kernel.backward(xd, shape, wd, gyd, gxd, gwd);
        return gxd;
    }
}
