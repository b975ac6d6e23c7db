package io.github.torchact.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the benchmark thread per call, next to JMH's wall time: {@code cpuNs} and {@code calls} summed over
 * the measured iterations (JMH secondary metrics, zeroed by JMH before each iteration; their quotient is CPU ns per
 * call). On a shared machine a call that is preempted takes longer in wall time but not in CPU time, so on 1 thread
 * (libtorch and ONNX Runtime both compute on the calling thread then) CPU time per call is close to the latency an
 * idle machine would show (caches and the core's other hyper-thread are still shared). With 2 threads the workers'
 * time is not counted: use the wall time there. Each call reads the thread's CPU clock twice (a system call, about
 * 1 µs on the shared machine; about 1 µs of it falls inside the measured interval).
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class CpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public long cpuNs;
    public long calls;

    static long now() {
        return THREADS.getCurrentThreadCpuTime();
    }

    void add(long start) {
        cpuNs += THREADS.getCurrentThreadCpuTime() - start;
        calls++;
    }
}
