package io.github.torchact.parity.oracle;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.torchact.torchscript.TorchScriptArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A TorchScript module generated at run time from its source (no Python: {@link TorchScriptArchive}
 * writes the archive) and run by libtorch through DJL. Methods are called by name with host tensors;
 * a method that calls {@code torch.autograd.grad} is called with grad mode on.
 */
public final class ScriptModule implements AutoCloseable {

    private final Model model;
    private final NDManager manager;

    private ScriptModule(Model model) {
        this.model = model;
        this.manager = model.getNDManager();
    }

    /**
     * Compiles {@code source} (the serialized TorchScript dialect of {@code code/__torch__.py}) in libtorch.
     *
     * @throws ScriptRejectedException if libtorch does not accept the source, with libtorch's message
     */
    public static ScriptModule load(String className, String source) {
        OracleEnvironment.check();
        try {
            Path dir = Files.createTempDirectory("torchact-script");
            Path pt = dir.resolve(className + ".pt");
            TorchScriptArchive.write(pt, className, source);
            pt.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            Model model = Model.newInstance(className, Device.cpu(), "PyTorch");
            try {
                model.load(dir, className);
            } catch (MalformedModelException | EngineException e) {
                model.close();
                throw new ScriptRejectedException(firstLines(e.getMessage()), e);
            }
            return new ScriptModule(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls {@code method} with the given tensors; {@code autograd} opens a gradient collector around it. */
    public synchronized List<HostTensor> call(String method, boolean autograd, HostTensor... args) {
        try (NDManager m = manager.newSubManager()) {
            NDList in = new NDList();
            for (HostTensor t : args) {
                in.add(t.toNDArray(m));
            }
            NDArray marker = m.create(0f);
            marker.setName("module_method:" + method);
            in.add(marker);
            NDList out;
            try {
                if (autograd) {
                    try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                        out = model.getBlock().forward(new ParameterStore(m, false), in, true);
                    }
                } else {
                    out = model.getBlock().forward(new ParameterStore(m, false), in, false);
                }
            } catch (EngineException e) {
                throw new ScriptRejectedException(
                        "libtorch raised in method " + method + ": " + firstLines(e.getMessage()), e);
            }
            List<HostTensor> result = new ArrayList<>();
            for (NDArray a : out) {
                result.add(HostTensor.of(a));
            }
            return result;
        }
    }

    private static String firstLines(String msg) {
        if (msg == null) {
            return "(no message)";
        }
        String[] lines = msg.split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(lines.length, 12); i++) {
            sb.append(i == 0 ? "" : "\n").append(lines[i]);
        }
        return sb.toString();
    }

    @Override
    public synchronized void close() {
        model.close();
    }

    /** libtorch refused to compile or run a generated TorchScript module. */
    public static final class ScriptRejectedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** TorchScript refused the source: {@code message}, caused by {@code cause}. */
        public ScriptRejectedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
