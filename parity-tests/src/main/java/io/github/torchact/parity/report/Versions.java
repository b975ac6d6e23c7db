package io.github.torchact.parity.report;

import ai.djl.engine.Engine;

import io.github.torchact.kernel.math.CpuCapability;
import io.github.torchact.kernel.math.TorchVersion;

/** The versions a report was produced with. */
public record Versions(String libtorch, String djl, String jdk, String os) {

    public static Versions current() {
        return new Versions(Engine.getEngine("PyTorch").getVersion(), Engine.getDjlVersion(),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    @Override
    public String toString() {
        return "libtorch " + libtorch + " (ATEN_CPU_CAPABILITY=" + System.getenv("ATEN_CPU_CAPABILITY")
                + ", 1 thread; kernels reproduce " + CpuCapability.current().atenName() + ", torch "
                + TorchVersion.current().label() + "), DJL " + djl + ", JDK " + jdk + ", " + os;
    }
}
