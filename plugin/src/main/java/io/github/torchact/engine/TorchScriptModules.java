package io.github.torchact.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;
import io.github.torchact.torchscript.TorchScriptArchive;
import io.github.torchact.torchscript.TorchScriptSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * libtorch's own operator for an activation, called through DJL's PyTorch engine: a TorchScript
 * module whose {@code forward(x[, weight])} is the spec's libtorch expression with the parameter
 * values written as literals ({@link TorchScriptSource#bound}), packaged without Python ({@link
 * TorchScriptArchive}) and loaded with DJL's {@link Model} API, so this library needs only {@code
 * ai.djl:api} at compile time.
 *
 * <p>One module per (activation and parameter values, device), loaded on first use and kept for the life of the JVM; the
 * cache and the modules are safe to use from many threads. Modules are always run in DJL's training
 * mode, which leaves libtorch's thread-local grad mode alone: autograd records the call exactly when
 * it would record a built-in NDArray operation (inside a {@code GradientCollector}), and the module's
 * mode flag never toggles between calls (toggling is not thread-safe in DJL).
 *
 * <p>Each module is a single libtorch operator, so TorchScript's graph optimiser has nothing to
 * group into a DifferentiableGraph and gradients stay eager autograd's whatever its setting;
 * multi-operator activations are given as eager calls instead ({@link io.github.torchact.spec.EagerOp}).
 */
public final class TorchScriptModules {

    private static final String CLASS_NAME = "TorchactActivation";
    private static final TorchScriptModules SHARED = new TorchScriptModules();
    // IValueUtils reads names with a dot, "name[]", "name()" or "module_method:" as structure
    private static final Pattern SPECIAL_NAME = Pattern.compile(".*\\..*|\\w+\\[]|\\w+\\(\\)|module_method:.*");

    // the Model is held, not just its block: a Model that becomes unreachable closes its module
    private final Map<Key, Model> modules = new ConcurrentHashMap<>();

    // keyed by the parameter values, not the generated source, so a call does not regenerate it
    private record Key(Params params, boolean training, Device device) {}

    private TorchScriptModules() {}

    /** The JVM-wide cache. */
    public static TorchScriptModules shared() {
        return SHARED;
    }

    /** The number of modules loaded so far. */
    public int size() {
        return modules.size();
    }

    /**
     * libtorch's {@code p} of {@code x} (inputs already validated by {@link ActivationRouter}).
     *
     * @param training RReLU samples random slopes when true
     */
    NDArray forward(Params p, NDArray x, NDArray weight, boolean training) {
        Block module = module(p, training, x.getDevice()).getBlock();
        NDList in = weight == null ? new NDList(plain(x)) : new NDList(plain(x), plain(weight));
        NDList out = module.forward(new ParameterStore(x.getManager(), false), in, true);
        return out.singletonOrThrow();
    }

    /** The TorchScript source of the module computing {@code p} (RReLU: the training form if asked). */
    public static String source(Params p, boolean training) {
        String src = TorchScriptSource.bound(CLASS_NAME, p);
        if (training && p.spec() == Catalog.RRELU) {
            String eval = ", False)";
            if (src.indexOf(eval) != src.lastIndexOf(eval) || src.indexOf(eval) < 0) {
                throw new IllegalStateException("unexpected rrelu source: " + src);
            }
            src = src.replace(eval, ", True)");
        }
        return src;
    }

    private Model module(Params p, boolean training, Device device) {
        boolean sampled = training && p.spec() == Catalog.RRELU; // only RReLU's module depends on the mode
        return modules.computeIfAbsent(new Key(p, sampled, device), k -> load(source(k.params(), k.training()), k.device()));
    }

    private static Model load(String source, Device device) {
        try {
            Path dir = Files.createTempDirectory("torchact");
            Path pt = dir.resolve("activation.pt");
            try {
                TorchScriptArchive.write(pt, CLASS_NAME, source);
                Model model = Model.newInstance("activation", device, ActivationRouter.PYTORCH);
                model.load(dir, "activation");
                return model;
            } finally {
                Files.deleteIfExists(pt);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the TorchScript module failed", e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("libtorch rejected the generated module:\n" + source, e);
        }
    }

    /** {@code a}, or an unnamed view of it when DJL would read its name as a list, tuple or dict. */
    private static NDArray plain(NDArray a) {
        String name = a.getName();
        return name != null && SPECIAL_NAME.matcher(name).matches() ? a.reshape(a.getShape()) : a;
    }
}
