package io.github.torchact.bench;

import io.github.torchact.kernel.parallel.ChunkedExecutor;
import io.github.torchact.kernel.parallel.Parallelism;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The memory-bound roofline over the same bytes as a kernel: forward reads x and writes y, backward
 * reads x and gy and writes gx, with a branch-free {@code Math.max} (which C2 vectorises), on the
 * same thread pool and split threshold as the kernels.
 */
@State(Scope.Benchmark)
public class BaselineBench {

    @Param("16777216")
    public int size;

    @Param("1")
    public int threads;

    @Param("f32")
    public String dtype;

    /** Threads actually used: one below the kernels' split threshold, as for the kernels. */
    private int split;
    private float[] xf, yf, gyf;
    private double[] xd, yd, gyd;

    @Setup
    public void setUp() {
        split = size >= Parallelism.threshold() ? threads : 1;
        if (dtype.equals("f32")) {
            xf = BenchCase.floats(size, 1);
            gyf = BenchCase.floats(size, 2);
            yf = new float[size];
        } else {
            xd = BenchCase.doubles(size, 1);
            gyd = BenchCase.doubles(size, 2);
            yd = new double[size];
        }
    }

    @Benchmark
    public Object forward() {
        if (xf != null) {
            ChunkedExecutor.run(size, split, (a, b) -> {
                for (int i = a; i < b; i++) {
                    yf[i] = Math.max(xf[i], 0f);
                }
            });
            return yf;
        }
        ChunkedExecutor.run(size, split, (a, b) -> {
            for (int i = a; i < b; i++) {
                yd[i] = Math.max(xd[i], 0d);
            }
        });
        return yd;
    }

    @Benchmark
    public Object backward() {
        if (xf != null) {
            ChunkedExecutor.run(size, split, (a, b) -> {
                for (int i = a; i < b; i++) {
                    yf[i] = Math.max(xf[i], gyf[i]);
                }
            });
            return yf;
        }
        ChunkedExecutor.run(size, split, (a, b) -> {
            for (int i = a; i < b; i++) {
                yd[i] = Math.max(xd[i], gyd[i]);
            }
        });
        return yd;
    }
}
