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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * libtorch's own operator for an activation, called through DJL's PyTorch engine: a TorchScript
 * module whose {@code forward(x[, weight])} is the spec's libtorch expression with the parameter
 * values written as literals ({@link TorchScriptSource#bound}), packaged without Python ({@link
 * TorchScriptArchive}) and loaded with DJL's {@link Model} API, so this library needs only {@code
 * ai.djl:api} at compile time.
 *
 * <p>One module per (activation and parameter values, device), loaded on first use and kept in a
 * least-recently-used cache of {@link #capacity()} modules ({@value #DEFAULT_CAPACITY} unless the
 * system property {@value #CACHE_SIZE_PROPERTY} says otherwise), so a program that sweeps a parameter
 * (500 CELU alphas) holds a bounded number of native modules. An evicted module is closed, freeing
 * its native memory, as soon as no call is running it: every call holds a reference for its
 * duration, so eviction by another thread never closes a module under a running call, and a later
 * call with the same parameters loads it again. The cache and the modules are safe to use from many
 * threads. Modules are always run in DJL's training
 * mode, which leaves libtorch's thread-local grad mode alone: autograd records the call exactly when
 * it would record a built-in NDArray operation (inside a {@code GradientCollector}), and the module's
 * mode flag never toggles between calls (toggling is not thread-safe in DJL).
 *
 * <p>Each module is a single libtorch operator, so TorchScript's graph optimiser has nothing to
 * group into a DifferentiableGraph and gradients stay eager autograd's whatever its setting;
 * multi-operator activations are given as eager calls instead ({@link EagerOp}).
 * A result does not depend on its module after the call (it belongs to the input's manager, and
 * autograd records libtorch's operator, not the module), so closing an evicted module leaves earlier
 * results and their gradients intact.
 */
public final class TorchScriptModules {

    /** The system property that sets the cache's capacity (a positive integer). */
    public static final String CACHE_SIZE_PROPERTY = "torchact.torchscript.cacheSize";

    /** The capacity without {@value #CACHE_SIZE_PROPERTY}. */
    public static final int DEFAULT_CAPACITY = 64;

    private static final String CLASS_NAME = "TorchactActivation";
    private static final TorchScriptModules SHARED = new TorchScriptModules(capacityFromProperty());
    // IValueUtils reads names with a dot, "name[]", "name()" or "module_method:" as structure
    private static final Pattern SPECIAL_NAME = Pattern.compile(".*\\..*|\\w+\\[]|\\w+\\(\\)|module_method:.*");

    private final int capacity;
    // access order: iteration starts at the least recently used entry; guarded by itself
    private final LinkedHashMap<Key, Entry> modules = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();

    // keyed by the parameter values, not the generated source, so a call does not regenerate it
    private record Key(Params params, boolean training, Device device) {}

    /**
     * A cached module: loaded once by the call that created the entry (others wait for it), used by
     * {@code users} calls at the moment, closed when evicted and unused.
     */
    private static final class Entry {
        final FutureTask<Model> model;
        int users;
        boolean evicted;

        Entry(Callable<Model> load) {
            model = new FutureTask<>(load);
        }
    }

    private TorchScriptModules(int capacity) {
        this.capacity = capacity;
    }

    private static int capacityFromProperty() {
        String v = System.getProperty(CACHE_SIZE_PROPERTY);
        if (v == null) {
            return DEFAULT_CAPACITY;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + CACHE_SIZE_PROPERTY + " must be a positive integer, got '" + v + "'");
    }

    /** The JVM-wide cache. */
    public static TorchScriptModules shared() {
        return SHARED;
    }

    /** The number of modules cached now: at most {@link #capacity()}. */
    public int size() {
        synchronized (modules) {
            return modules.size();
        }
    }

    /** The most modules the cache keeps. */
    public int capacity() {
        return capacity;
    }

    /** The number of modules loaded so far, evicted and reloaded ones included. */
    public long loads() {
        return loads.get();
    }

    /** The number of evicted modules closed so far (an evicted module closes when its last call ends). */
    public long closed() {
        return closed.get();
    }

    /**
     * libtorch's {@code p} of {@code x} (inputs already validated by {@link ActivationRouter}).
     *
     * @param training RReLU samples random slopes when true
     */
    NDArray forward(Params p, NDArray x, NDArray weight, boolean training) {
        boolean sampled = training && p.spec() == Catalog.RRELU; // only RReLU's module depends on the mode
        Entry e = acquire(new Key(p, sampled, x.getDevice()));
        try {
            Block module = loaded(e).getBlock();
            NDList in = weight == null ? new NDList(plain(x)) : new NDList(plain(x), plain(weight));
            NDList out = module.forward(new ParameterStore(x.getManager(), false), in, true);
            return out.singletonOrThrow();
        } finally {
            release(e);
        }
    }

    /** The entry for {@code k}, most recently used now and held by the caller; evicts beyond capacity. */
    private Entry acquire(Key k) {
        Entry e;
        boolean created = false;
        List<Entry> closable = new ArrayList<>();
        synchronized (modules) {
            e = modules.get(k);
            if (e == null) {
                e = new Entry(() -> {
                    Model m = load(source(k.params(), k.training()), k.device());
                    loads.incrementAndGet();
                    return m;
                });
                modules.put(k, e);
                created = true;
                Iterator<Entry> lru = modules.values().iterator();
                while (modules.size() > capacity) {
                    Entry old = lru.next();
                    lru.remove();
                    old.evicted = true;
                    if (old.users == 0) {
                        closable.add(old);
                    }
                }
            }
            e.users++;
        }
        closable.forEach(this::close);
        if (created) {
            e.model.run();
        }
        return e;
    }

    /** The entry's module, waiting for its load; a failed load leaves the cache so a later call retries. */
    private Model loaded(Entry e) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return e.model.get();
                } catch (InterruptedException ie) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException ee) {
            synchronized (modules) {
                modules.values().remove(e);
            }
            Throwable c = ee.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw new IllegalStateException(c);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends a call's hold on {@code e}; the last call on an evicted module closes it. */
    private void release(Entry e) {
        boolean close;
        synchronized (modules) {
            close = --e.users == 0 && e.evicted;
        }
        if (close) {
            close(e);
        }
    }

    /** Closes an evicted entry's module, if it was loaded. */
    private void close(Entry e) {
        if (e.model.isDone()) {
            try {
                e.model.get().close();
                closed.incrementAndGet();
            } catch (InterruptedException | ExecutionException ex) {
                // never loaded: nothing to free
            }
        }
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

    private static Model load(String source, Device device) {
        try {
            Path dir = Files.createTempDirectory("torchact");
            Path pt = dir.resolve("activation.pt");
            try {
                TorchScriptArchive.write(pt, CLASS_NAME, source);
                Model model = Model.newInstance("activation", device, ActivationRouter.PYTORCH);
                try {
                    model.load(dir, "activation");
                } catch (IOException | MalformedModelException | RuntimeException e) {
                    model.close();
                    throw e;
                }
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
