package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.parallel.Parallelism;

import java.util.function.Function;

/**
 * Finds the Vector API form of a kernel, when the JVM can run one.
 *
 * <p>The forms are compiled against the incubating {@code jdk.incubator.vector} module and loaded
 * reflectively, and only when that module is in the boot layer (the JVM was started with {@code
 * --add-modules jdk.incubator.vector}). Otherwise, or with {@code -Dtorchact.vector=false}, every
 * kernel runs its scalar loop; the results are the same bits either way.
 *
 * <p>The incubating API is fast on recent JDKs (measured 5–6× scalar for a polynomial exp on JDK 25)
 * but slow on JDK 17; enable the module on JDK 17 only after measuring.
 *
 * <p>When a kernel first needs its path (this class's initialisation), one INFO line on the platform
 * logger ({@link System.Logger}) {@code io.github.torchact.kernel} says which path runs, the thread
 * count, and, on JDK 21 or later without the module, how to enable it. Nothing is logged after that.
 * The kernels have no dependencies, so the line goes to {@code java.util.logging} unless a bridge is
 * on the class path ({@code org.slf4j:slf4j-jdk-platform-logging} sends it to SLF4J).
 */
public final class VectorSupport {

    private static final System.Logger LOG = System.getLogger("io.github.torchact.kernel");

    /** The first JDK on which the Vector API path was measured faster than the scalar one. */
    private static final int FAST_VECTOR_JDK = 21;

    private static final String FORMS = "io.github.torchact.kernel.vector.VectorForms";

    /** Why the Vector API path is off, or {@code null} when it is on. */
    private static String scalarReason;

    private static final Function<ElementwiseKernel, VectorLoops> FORMS_LOOKUP = load();

    private static final String ALONG_DIM = "io.github.torchact.kernel.vector.AlongDimVector";

    private static final AlongDimLoops ALONG_DIM_LOOPS = load(ALONG_DIM, AlongDimLoops.class, AlongDimLoops.NONE);

    private static final String FUNNEL = "io.github.torchact.kernel.vector.FunnelVector";

    private static final FunnelLoops FUNNEL_LOOPS = load(FUNNEL, FunnelLoops.class, FunnelLoops.NONE);

    private static final String CHANNEL_SUM = "io.github.torchact.kernel.vector.ChannelSumVector";

    private static final ChannelSumLoops CHANNEL_SUM_LOOPS =
            load(CHANNEL_SUM, ChannelSumLoops.class, ChannelSumLoops.NONE);

    static {
        LOG.log(System.Logger.Level.INFO, pathLine());
    }

    private VectorSupport() {}

    /** The line logged at first use: the kernel path, its threads and, where it helps, how to go faster. */
    public static String pathLine() {
        String threads = "arrays from " + Parallelism.threshold() + " elements split over " + Parallelism.threads()
                + " thread(s) (-Dtorchact.threads=N)";
        if (enabled()) {
            return "torchact kernels: Vector API path (jdk.incubator.vector); " + threads;
        }
        return "torchact kernels: scalar path (" + scalarReason + "); " + threads;
    }

    /** Whether the Vector API forms are in use in this JVM. */
    public static boolean enabled() {
        return FORMS_LOOKUP != null;
    }

    /**
     * The vector form {@code k} declares ({@link ElementwiseKernel#vectorForm}), or {@link
     * VectorLoops#NONE} if it declares none or the API is off.
     */
    public static VectorLoops loopsFor(ElementwiseKernel k) {
        if (FORMS_LOOKUP == null) {
            return VectorLoops.NONE;
        }
        VectorLoops loops = FORMS_LOOKUP.apply(k);
        return loops == null ? VectorLoops.NONE : loops;
    }

    /** The vector forms of the softmax family and GLU, or {@link AlongDimLoops#NONE} if the API is off. */
    public static AlongDimLoops alongDim() {
        return ALONG_DIM_LOOPS;
    }

    /** The vector form of the Funnel activation's stencil, or {@link FunnelLoops#NONE} if the API is off. */
    public static FunnelLoops funnel() {
        return FUNNEL_LOOPS;
    }

    /**
     * The vector form of the channel-weighted activations' weight-gradient sums, or {@link
     * ChannelSumLoops#NONE} if the API is off.
     */
    public static ChannelSumLoops channelSum() {
        return CHANNEL_SUM_LOOPS;
    }

    /** The named form, or {@code none} if the API is off or the form does not load. */
    private static <T> T load(String form, Class<T> type, T none) {
        if (FORMS_LOOKUP == null) {
            return none;
        }
        try {
            return type.cast(Class.forName(form).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return none;
        }
    }

    @SuppressWarnings("unchecked")
    private static Function<ElementwiseKernel, VectorLoops> load() {
        if (!Boolean.parseBoolean(System.getProperty("torchact.vector", "true"))) {
            scalarReason = "-Dtorchact.vector=false";
            return null;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            scalarReason = Runtime.version().feature() >= FAST_VECTOR_JDK
                    ? "start the JVM with --add-modules jdk.incubator.vector for the faster Vector API path, same results"
                    : "jdk.incubator.vector not enabled; on JDK " + Runtime.version().feature()
                            + " the Vector API path is not faster, on JDK " + FAST_VECTOR_JDK + "+ it is";
            return null;
        }
        try {
            return (Function<ElementwiseKernel, VectorLoops>)
                    Class.forName(FORMS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            // A JVM whose incubator API differs from the one compiled against: the scalar loops serve.
            scalarReason = "this JDK's jdk.incubator.vector does not match the one compiled against: " + e;
            return null;
        }
    }
}
