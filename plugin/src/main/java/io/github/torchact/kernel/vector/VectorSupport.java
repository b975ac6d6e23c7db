package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.ElementwiseKernel;

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
 */
public final class VectorSupport {

    private static final String FORMS = "io.github.torchact.kernel.vector.VectorForms";

    private static final Function<ElementwiseKernel, VectorLoops> FORMS_LOOKUP = load();

    private static final String ALONG_DIM = "io.github.torchact.kernel.vector.AlongDimVector";

    private static final AlongDimLoops ALONG_DIM_LOOPS = loadAlongDim();

    private VectorSupport() {}

    /** Whether the Vector API forms are in use in this JVM. */
    public static boolean enabled() {
        return FORMS_LOOKUP != null;
    }

    /** The vector form of {@code k}, or {@link VectorLoops#NONE} if it has none or the API is off. */
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

    private static AlongDimLoops loadAlongDim() {
        if (FORMS_LOOKUP == null) {
            return AlongDimLoops.NONE;
        }
        try {
            return (AlongDimLoops) Class.forName(ALONG_DIM).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return AlongDimLoops.NONE;
        }
    }

    @SuppressWarnings("unchecked")
    private static Function<ElementwiseKernel, VectorLoops> load() {
        if (!Boolean.parseBoolean(System.getProperty("torchact.vector", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return (Function<ElementwiseKernel, VectorLoops>)
                    Class.forName(FORMS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            // A JVM whose incubator API differs from the one compiled against: the scalar loops serve.
            return null;
        }
    }
}
