package io.github.torchact.parity.oracle;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Param;
import io.github.torchact.spec.Params;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * libtorch itself, as the reference every test and report compares against: the torch-ops
 * TorchScript module (generated from the catalog, see {@link OracleSource}) run by DJL's PyTorch
 * engine. Each activation has a method calling libtorch's own function, a {@code _backward} method
 * returning {@code torch.autograd.grad} for a given upstream gradient, and, where PyTorch has
 * defaults, a {@code _defaults} method calling the function with them omitted.
 *
 * <p>The JVM running it must set {@code ATEN_CPU_CAPABILITY=avx2} (the reference on every x86-64
 * machine; {@code avx512} for the second reference on AVX-512 CPUs) and one intra-op thread (the
 * build does); see {@link OracleEnvironment}.
 * Calls are serialised: one libtorch module, one caller at a time.
 */
public final class TorchReference implements AutoCloseable {

    /** Classpath resource the build step writes (see {@link OraclePackager}). */
    public static final String RESOURCE = "/torch-ops.pt";

    private static TorchReference shared;

    private final Model model;
    private final Block block;
    private final NDManager manager;

    private TorchReference(Model model) {
        this.model = model;
        this.block = model.getBlock();
        this.manager = model.getNDManager();
    }

    /** The JVM-wide oracle, loaded on first use. */
    public static synchronized TorchReference get() {
        if (shared == null) {
            shared = load();
        }
        return shared;
    }

    /** Loads a fresh oracle from the packaged archive. */
    public static TorchReference load() {
        OracleEnvironment.check();
        try (InputStream in = TorchReference.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("oracle archive " + RESOURCE
                        + " is not on the classpath; build parity-tests with Maven (process-classes packages it)");
            }
            Path dir = Files.createTempDirectory("torch-ops");
            Path pt = dir.resolve("torch-ops.pt");
            Files.copy(in, pt, StandardCopyOption.REPLACE_EXISTING);
            pt.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            Model model = Model.newInstance("torch-ops", Device.cpu(), "PyTorch");
            model.load(dir, "torch-ops");
            return new TorchReference(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("oracle archive is malformed: " + e.getMessage(), e);
        }
    }

    /** libtorch's output of the activation. */
    public HostTensor forward(ActivationSpec s, Params p, HostTensor x, HostTensor weight) {
        check(s, p, x, weight);
        try (NDManager m = manager.newSubManager()) {
            NDList out = run(s.name(), m, x, null, weight, p);
            return HostTensor.of(out.singletonOrThrow());
        }
    }

    /** libtorch's output of the activation with PyTorch's defaults omitted from the call. */
    public HostTensor forwardDefaults(ActivationSpec s, HostTensor x, HostTensor weight) {
        if (s.torchDefaultsExpr() == null) {
            throw new IllegalArgumentException(s.name() + " has no defaulted parameters to omit");
        }
        check(s, s.defaults(), x, weight);
        try (NDManager m = manager.newSubManager()) {
            return HostTensor.of(run(s.name() + "_defaults", m, x, null, weight, null).singletonOrThrow());
        }
    }

    /** torch.autograd's gradients for upstream gradient {@code gy}. */
    public Gradients backward(ActivationSpec s, Params p, HostTensor x, HostTensor weight, HostTensor gy) {
        check(s, p, x, weight);
        if (gy.isF64() != x.isF64()) {
            throw new IllegalArgumentException("grad dtype " + gy.dataType() + " differs from input dtype " + x.dataType());
        }
        try (NDManager m = manager.newSubManager();
                GradientCollector autograd = m.getEngine().newGradientCollector()) {
            // DJL's PyTorch engine runs modules with grad mode off unless a collector is open.
            NDList out = run(s.name() + "_backward", m, x, gy, weight, p);
            return new Gradients(HostTensor.of(out.get(0)), out.size() > 1 ? HostTensor.of(out.get(1)) : null);
        }
    }

    /**
     * Input and weight gradients.
     *
     * @param input d loss / d x
     * @param weight d loss / d weight, or {@code null} where the activation has no weight
     */
    public record Gradients(HostTensor input, HostTensor weight) {}

    private static void check(ActivationSpec s, Params p, HostTensor x, HostTensor weight) {
        if (p.spec() != s) {
            throw new IllegalArgumentException("parameters of " + p.spec().name() + " given for " + s.name());
        }
        if (weight != null && weight.isF64() != x.isF64()) {
            throw new IllegalArgumentException(s.name() + ": weight dtype " + weight.dataType()
                    + " differs from input dtype " + x.dataType());
        }
        s.checkShape(p, x.shape(), weight == null ? 0 : weight.size());
    }

    private synchronized NDList run(String method, NDManager m, HostTensor x, HostTensor gy, HostTensor weight, Params p) {
        NDList in = new NDList();
        in.add(x.toNDArray(m));
        if (gy != null) {
            in.add(gy.toNDArray(m));
        }
        if (weight != null) {
            in.add(weight.toNDArray(m));
        }
        if (p != null) {
            for (int i = 0; i < p.spec().params().size(); i++) {
                boolean isInt = p.spec().params().get(i).kind() == Param.Kind.INT;
                in.add(isInt ? m.create((long) p.get(i)) : m.create(p.get(i)));
            }
        }
        NDArray marker = m.create(0f);
        marker.setName("module_method:" + method);
        in.add(marker);
        try {
            NDList out = block.forward(new ParameterStore(m, false), in, true);
            out.attach(m);
            return out;
        } catch (EngineException e) {
            throw new OracleException("libtorch raised in oracle method " + method + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        model.close();
    }

    /** An error libtorch raised inside an oracle method. */
    public static final class OracleException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OracleException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
