package io.github.torchact.onnx;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import io.github.torchact.engine.ActivationRouter;
import io.github.torchact.torchscript.TorchScriptArchive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compiled forward of an {@link OnnxGraphBlock}: the module {@link GraphCompiler} wrote, loaded once per device
 * (from an in-memory archive, attached to the block's manager so it is freed with the block) and run with one engine
 * call per forward.
 *
 * <p>The call is DJL's module call ({@code PyTorchLibrary.moduleRunMethod}, what {@code IValueUtils.forward} runs)
 * with DJL's training flag true, which leaves libtorch's grad mode alone: autograd records the module's operators
 * exactly when a {@code GradientCollector} is open, and the backward reaches every parameter (the parameters are the
 * arguments, the DJL arrays themselves). The graph inputs go in as tensor IValues, the parameters as one tensor-list
 * IValue made per call and the constants as one made once per device ({@link Native}); where those JNI entry points
 * are not reachable, the arrays go through {@code IValueUtils.forward} as an NDList with structure names on views.
 *
 * <p>Around a call that autograd records (a {@code GradientCollector} is open) the calling thread's TorchScript
 * graph-executor optimisation is set off (unless {@link ImportOptions#optGraphExecutorOptimize} asks for it), around
 * any other call on; afterwards it is restored to DJL's setting
 * ({@code -Dai.djl.pytorch.graph_optimizer}, libtorch's default on when unset). With it on, the profiling executor
 * profiles the first call and from the second on runs an optimised graph whose differentiable operators are grouped
 * into DifferentiableGraphs with TorchScript's symbolic derivatives: gradients then differ from eager autograd's (and
 * the node-by-node evaluation's) in the last bits (measured in OnnxCompiledForwardTest), and whether they do depends
 * on whether the profiled first call had gradients. Off, every call runs the module's operators as written and
 * autograd differentiates them eagerly, bit for bit as node by node. Calls that record nothing have no gradients to
 * differ, and the optimised plan (profiled on such calls only) runs the same operators on the same data: its outputs
 * are bitwise those of the unoptimised plan (OnnxCompiledForwardTest), in less time.
 */
final class CompiledGraph {

    // IValueUtils reads names with a dot, "name[]", "name()" or "module_method:" as structure
    private static final Pattern SPECIAL_NAME = Pattern.compile(".*\\..*|\\w+\\[]|\\w+\\(\\)|\\w+\\([\\d,]+\\)|\\w+\\[\\d+/\\w+]|module_method:.*");
    private static final Pattern FORWARD_LINE = Pattern.compile("line (\\d+), in (forward|" + GraphCompiler.TRAIN_METHOD + ")");
    private static final String GRAPH_OPTIMIZER_PROPERTY = "ai.djl.pytorch.graph_optimizer";
    // set while the block runs a call of its own (the import's trial run, output shapes): no profiling plan for it
    private static final ThreadLocal<Boolean> INTERNAL_CALL = ThreadLocal.withInitial(() -> false);

    private static final MethodHandle RUN; // IValueUtils.forward(PtSymbolBlock, NDList, boolean) as (Object, NDList, boolean)
    private static final MethodHandle SET_OPTIMIZE; // JniUtils.setGraphExecutorOptimize(boolean)
    private static final MethodHandle GRAD_MODE; // JniUtils.isGradMode()

    static {
        MethodHandle run = null;
        MethodHandle opt = null;
        MethodHandle grad = null;
        try {
            Class<?> block = Class.forName("ai.djl.pytorch.engine.PtSymbolBlock");
            Class<?> values = Class.forName("ai.djl.pytorch.jni.IValueUtils");
            run = MethodHandles.publicLookup().findStatic(values, "forward", MethodType.methodType(NDList.class, block, NDList.class,
                    boolean.class)).asType(MethodType.methodType(NDList.class, Object.class, NDList.class, boolean.class));
            Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
            opt = MethodHandles.publicLookup().findStatic(jni, "setGraphExecutorOptimize", MethodType.methodType(void.class, boolean.class));
            grad = MethodHandles.publicLookup().findStatic(jni, "isGradMode", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            // not on DJL's PyTorch engine: the block runs node by node
        }
        RUN = run;
        SET_OPTIMIZE = opt;
        GRAD_MODE = grad;
    }

    private final GraphCompiler.Result result;
    private final byte[] archive;
    private final boolean optimize;
    private final NDManager owner;
    private final Map<Device, Model> modules = new ConcurrentHashMap<>();
    // the consts list, one IValue per device, made once (fast path)
    private final Map<Device, AutoCloseable> constLists = new ConcurrentHashMap<>();
    // the prepacked weights (GraphCompiler.Result.packKeys), one list per device (fast path), taken from the block's
    // lists, which are shared by its modules that pack the same weights the same way
    private final Map<Device, AutoCloseable> packedLists = new ConcurrentHashMap<>();
    private final Map<String, AutoCloseable> blockPackedLists;

    CompiledGraph(GraphCompiler.Result result, boolean optimize, NDManager owner, Map<String, AutoCloseable> blockPackedLists) {
        this.result = result;
        this.blockPackedLists = blockPackedLists;
        this.optimize = optimize;
        this.owner = owner;
        try {
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            TorchScriptArchive.write(zip, GraphCompiler.CLASS_NAME, result.source);
            this.archive = zip.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether compiled modules are called directly (DJL's PyTorch JNI entry points reachable), which a module reading
     * prepacked weights needs: the packed list stays a libtorch IValue, never DJL arrays.
     */
    static boolean directCall() {
        return available() && Native.AVAILABLE;
    }

    /** Whether this JVM can run compiled modules (DJL's PyTorch engine classes are present). */
    static boolean available() {
        return RUN != null && SET_OPTIMIZE != null && GRAD_MODE != null;
    }

    GraphCompiler.Result result() {
        return result;
    }

    /** The module on {@code device}, loaded on first use; an exception if libtorch rejects it. */
    Block module(Device device) {
        return modules.computeIfAbsent(device, this::load).getBlock();
    }

    private Model load(Device device) {
        Model model = Model.newInstance("onnx-graph", device, ActivationRouter.PYTORCH);
        try {
            model.load(new ByteArrayInputStream(archive));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalStateException("libtorch rejected the compiled ONNX graph: " + e.getMessage(), e);
        }
        synchronized (owner) {
            if (!owner.isOpen()) {
                model.close();
                throw new IllegalStateException("this OnnxGraphBlock is closed (or the manager it was imported with is)");
            }
            owner.attachInternal("onnx-graph-" + UUID.randomUUID(), model);
        }
        return model;
    }

    /**
     * One call of the module: {@code inputs}, the parameter values (in {@link GraphCompiler.Result#params} order) and
     * the constants (in {@link GraphCompiler.Result#constants} order, already named as the {@code consts} list).
     */
    NDList forward(Device device, NDList inputs, NDArray[] params, NDArray[] consts, NDArray trainSelector, boolean training) {
        Block module = module(device);
        if (Native.AVAILABLE) {
            return Native.run(this, module, device, inputs, params, consts, training && result.trainMethod);
        }
        if (!result.packKeys.isEmpty()) {
            throw new IllegalStateException("a compiled graph with prepacked weights needs DJL's PyTorch JNI entry points");
        }
        NDList args = new NDList(inputs.size() + params.length + consts.length + 1);
        NDList views = new NDList();
        try {
            for (NDArray x : inputs) {
                args.add(plain(x, views));
            }
            for (NDArray p : params) {
                // a view named as an element of the params list (the parameter's own array keeps its name)
                NDArray v = p.reshape(p.getShape());
                v.setName(GraphCompiler.PARAMS + "[]");
                views.add(v);
                args.add(v);
            }
            for (NDArray c : consts) {
                args.add(c);
            }
            if (training && result.trainMethod) {
                args.add(trainSelector);
            }
            return run(module, args);
        } finally {
            views.forEach(NDArray::close);
        }
    }

    private NDList run(Block module, NDList args) {
        try {
            SET_OPTIMIZE.invokeExact(optimizeNow());
            try {
                // training = true: libtorch's grad mode is left as it is (no inference guard)
                return (NDList) RUN.invokeExact((Object) module, args, true);
            } finally {
                SET_OPTIMIZE.invokeExact(djlOptimizerSetting());
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Whether this call runs with the graph-executor optimisation: when asked for, and always when autograd is not
     * recording (no gradients to differ; the optimised plan is then profiled and used only by such calls, while calls
     * that record run the unoptimised plan and eager autograd).
     */
    private boolean optimizeNow() throws Throwable {
        return optimize || !INTERNAL_CALL.get() && !(boolean) GRAD_MODE.invokeExact();
    }

    /**
     * Runs {@code call} (a block's own forward: the import's trial run, an output-shape query) without the graph
     * executor's optimisation, so it neither pays for nor shapes the optimised plan the user's calls get.
     */
    static <T> T internalCall(java.util.function.Supplier<T> call) {
        boolean outer = INTERNAL_CALL.get();
        INTERNAL_CALL.set(true);
        try {
            return call.get();
        } finally {
            INTERNAL_CALL.set(outer);
        }
    }

    /** The graph-executor optimisation DJL gives a thread: its system property when set, libtorch's default (on) otherwise. */
    private static boolean djlOptimizerSetting() {
        String v = System.getProperty(GRAPH_OPTIMIZER_PROPERTY);
        return v == null || Boolean.parseBoolean(v);
    }

    /** The node whose call failed, read from a TorchScript traceback, or null. */
    OnnxNode failedNode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            Matcher matcher = FORWARD_LINE.matcher(m);
            if (matcher.find()) {
                return result.lineNodes.get(Integer.parseInt(matcher.group(1)));
            }
        }
        return null;
    }

    /** {@code a}, or an unnamed view of it (added to {@code views}) when DJL would read its name as a structure. */
    static NDArray plain(NDArray a, NDList views) {
        String name = a.getName();
        if (name == null || !SPECIAL_NAME.matcher(name).matches()) {
            return a;
        }
        NDArray v = a.reshape(a.getShape());
        views.add(v);
        return v;
    }

    /** A view of {@code a} named as an element of the consts list. */
    static NDArray constView(NDArray a) {
        NDArray v = a.reshape(a.getShape());
        v.setName(GraphCompiler.CONSTS + "[]");
        return v;
    }

    /**
     * The direct call: DJL's PyTorch JNI entry points used as {@code IValueUtils.forward} uses them, but with the
     * parameters and constants passed as tensor-list IValues made from the arrays themselves (one JNI call each; the
     * constants' list made once per device), so no array needs a structure name or a renamed view. Reached by
     * reflection (DJL 0.35's PyTorchLibrary is package-private); without it {@link #forward} goes through the NDList
     * path.
     */
    private static final class Native {
        static final boolean AVAILABLE;
        private static final Object LIB;
        private static final MethodHandle RUN_METHOD; // (PyTorchLibrary, long, String, long[], boolean, boolean) long
        private static final MethodHandle IVALUE; // new IValue(long)
        private static final MethodHandle FROM; // IValue.from(PtNDArray)
        private static final MethodHandle LIST; // IValue.listFrom(PtNDArray[])
        private static final MethodHandle TO_NDLIST; // IValue.toNDList(PtNDManager)
        private static final MethodHandle HANDLE; // NativeResource.getHandle()
        private static final MethodHandle MODULE; // PtSymbolBlock.getHandle()
        private static final Class<?> ARRAY;

        static {
            boolean ok = false;
            Object lib = null;
            MethodHandle run = null;
            MethodHandle ivalue = null;
            MethodHandle from = null;
            MethodHandle list = null;
            MethodHandle toList = null;
            MethodHandle handle = null;
            MethodHandle moduleHandle = null;
            Class<?> array = null;
            try {
                Class<?> libClass = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
                Class<?> ivClass = Class.forName("ai.djl.pytorch.jni.IValue");
                array = Class.forName("ai.djl.pytorch.engine.PtNDArray");
                Class<?> manager = Class.forName("ai.djl.pytorch.engine.PtNDManager");
                java.lang.reflect.Field f = libClass.getDeclaredField("LIB");
                f.setAccessible(true);
                lib = f.get(null);
                java.lang.reflect.Method m = libClass.getDeclaredMethod("moduleRunMethod", long.class, String.class, long[].class,
                        boolean.class, boolean.class);
                m.setAccessible(true);
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                run = lookup.unreflect(m).asType(MethodType.methodType(long.class, Object.class, long.class, String.class,
                        long[].class, boolean.class, boolean.class));
                java.lang.reflect.Constructor<?> c = ivClass.getDeclaredConstructor(long.class);
                c.setAccessible(true);
                ivalue = lookup.unreflectConstructor(c).asType(MethodType.methodType(AutoCloseable.class, long.class));
                from = lookup.findStatic(ivClass, "from", MethodType.methodType(ivClass, array))
                        .asType(MethodType.methodType(AutoCloseable.class, Object.class));
                Class<?> arrays = java.lang.reflect.Array.newInstance(array, 0).getClass();
                list = lookup.findStatic(ivClass, "listFrom", MethodType.methodType(ivClass, arrays)).asFixedArity()
                        .asType(MethodType.methodType(AutoCloseable.class, Object.class));
                toList = lookup.findVirtual(ivClass, "toNDList", MethodType.methodType(NDList.class, manager))
                        .asType(MethodType.methodType(NDList.class, AutoCloseable.class, Object.class));
                handle = lookup.findVirtual(Class.forName("ai.djl.util.NativeResource"), "getHandle", MethodType.methodType(Object.class))
                        .asType(MethodType.methodType(Object.class, Object.class));
                moduleHandle = lookup.findVirtual(Class.forName("ai.djl.pytorch.engine.PtSymbolBlock"), "getHandle",
                        MethodType.methodType(Long.class)).asType(MethodType.methodType(Long.class, Object.class));
                ok = RUN != null && SET_OPTIMIZE != null;
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                ok = false;
            }
            AVAILABLE = ok;
            LIB = lib;
            RUN_METHOD = run;
            IVALUE = ivalue;
            FROM = from;
            LIST = list;
            TO_NDLIST = toList;
            HANDLE = handle;
            MODULE = moduleHandle;
            ARRAY = array;
        }

        static NDList run(CompiledGraph g, Block module, Device device, NDList inputs, NDArray[] params, NDArray[] consts,
                boolean train) {
            java.util.List<AutoCloseable> made = new java.util.ArrayList<>(inputs.size() + 2);
            try {
                long[] handles = new long[inputs.size() + (params.length > 0 ? 1 : 0) + (consts.length > 0 ? 1 : 0)
                        + (g.result.packKeys.isEmpty() ? 0 : 1)];
                int k = 0;
                for (NDArray x : inputs) {
                    AutoCloseable v = (AutoCloseable) FROM.invokeExact((Object) x);
                    made.add(v);
                    handles[k++] = handle(v);
                }
                if (params.length > 0) {
                    AutoCloseable v = (AutoCloseable) LIST.invokeExact(typed(params));
                    made.add(v);
                    handles[k++] = handle(v);
                }
                long moduleHandle = (Long) MODULE.invokeExact((Object) module);
                if (consts.length > 0) {
                    AutoCloseable constList = g.constList(device, consts);
                    handles[k++] = handle(constList);
                    if (!g.result.packKeys.isEmpty()) {
                        handles[k++] = handle(g.packedList(device, moduleHandle, constList));
                    }
                }
                String method = train ? GraphCompiler.TRAIN_METHOD : "forward";
                long out;
                SET_OPTIMIZE.invokeExact(g.optimizeNow());
                try {
                    // isTrain = true: no inference guard, libtorch's grad mode as the caller has it
                    out = (long) RUN_METHOD.invokeExact(LIB, moduleHandle, method, handles, true, false);
                } finally {
                    SET_OPTIMIZE.invokeExact(djlOptimizerSetting());
                }
                AutoCloseable result = (AutoCloseable) IVALUE.invokeExact(out);
                try {
                    return (NDList) TO_NDLIST.invokeExact(result, (Object) inputs.get(0).getManager());
                } finally {
                    result.close();
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            } finally {
                for (AutoCloseable v : made) {
                    try {
                        v.close();
                    } catch (Exception e) {
                        // an IValue's close only frees native memory
                    }
                }
            }
        }

        /** Runs the module's prepack method on the consts list: the packed list, an IValue the caller owns. */
        static AutoCloseable prepack(long moduleHandle, AutoCloseable constList) {
            try {
                // isTrain = true: no inference guard (inference tensors), grad mode as the caller has it
                long out = (long) RUN_METHOD.invokeExact(LIB, moduleHandle, GraphCompiler.PREPACK_METHOD,
                        new long[] {handle(constList)}, true, false);
                return (AutoCloseable) IVALUE.invokeExact(out);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        static long handle(Object resource) throws Throwable {
            return (Long) (Object) HANDLE.invokeExact(resource);
        }

        private static Object typed(NDArray[] a) {
            Object[] out = (Object[]) java.lang.reflect.Array.newInstance(ARRAY, a.length);
            System.arraycopy(a, 0, out, 0, a.length);
            return out;
        }

        static AutoCloseable list(NDArray[] a) {
            try {
                return (AutoCloseable) LIST.invokeExact(typed(a));
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** The consts list as an IValue on {@code device}, made once and freed with the block. */
    private AutoCloseable constList(Device device, NDArray[] consts) {
        return constLists.computeIfAbsent(device, d -> ownedByBlock("onnx-graph-consts-", Native.list(consts)));
    }

    /**
     * The prepacked weights on {@code device}: packed once, by the first of the block's modules with these pack keys to
     * run, from its consts list; freed with the block.
     */
    private AutoCloseable packedList(Device device, long moduleHandle, AutoCloseable constList) {
        return packedLists.computeIfAbsent(device, d -> blockPackedLists.computeIfAbsent(
                d + "\n" + String.join("\n\n", result.packKeys),
                k -> ownedByBlock("onnx-graph-packed-", Native.prepack(moduleHandle, constList))));
    }

    /** {@code v} attached to the block's manager, so that it is freed with the block; freed now if the block is closed. */
    private AutoCloseable ownedByBlock(String namePrefix, AutoCloseable v) {
        synchronized (owner) {
            if (!owner.isOpen()) {
                try {
                    v.close();
                } catch (Exception e) {
                    // freeing native memory
                }
                throw new IllegalStateException("this OnnxGraphBlock is closed (or the manager it was imported with is)");
            }
            owner.attachInternal(namePrefix + UUID.randomUUID(), v);
        }
        return v;
    }

    /** Whether {@code x} can go through the compiled module (DJL's PyTorch engine). */
    static boolean runs(NDArray x) {
        return available() && ActivationRouter.isPyTorch(x);
    }

    /** Not used by the module: an array name that selects the training method. */
    static String trainSelectorName() {
        return "module_method:" + GraphCompiler.TRAIN_METHOD;
    }

    @Override
    public String toString() {
        return "CompiledGraph(" + result.methods + " methods, " + result.params.size() + " parameters, " + result.constants.size()
                + " constants" + (result.trainMethod ? ", training method" : "") + (!result.packKeys.isEmpty() ? ", " + result.packKeys.size()
                + " prepacked weights" : "") + ")";
    }
}
