package io.github.torchact.kernel.vector;

import io.github.torchact.kernel.ElementwiseKernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Creates the Vector API form a scalar kernel declares ({@link ElementwiseKernel#vectorForm}): the
 * named class in this package, through its constructor taking that kernel. Loaded reflectively by
 * {@link VectorSupport}, only when {@code jdk.incubator.vector} is present.
 *
 * <p>Adding an activation's vector form: a final class beside these with the four loops (copy
 * {@link ReluVector}: the loops stay in each class so the JIT inlines the lane function and keeps
 * vectors in registers), its lane functions written with the same operations in the same order as
 * the scalar kernel (branches become {@code compare} + {@code blend}, {@code AtenMath} calls become
 * their vector counterparts, same op order and fma use), a constructor taking the scalar kernel that
 * reads its parameters through the kernel's accessors, and the kernel's {@code vectorForm()} naming
 * the class.
 *
 * <p>NaNs ({@link ElementwiseKernel#canonicalNaN}): a piecewise-linear kernel's form (compares,
 * blends, at most one NaN operand per arithmetic step) passes the input's NaN through exactly as the
 * scalar loop does and runs bare. Every other kernel must write the canonical NaN: its form
 * canonicalises in its own final stores ({@link CanonicalStores}: a compare and a blend on each
 * stored vector, as every such form here does), or else is wrapped in {@link CanonicalNaNLoops}, a second
 * pass over each block just written (the safe default for a new form, and what leaky_relu with a NaN
 * slope gets).
 */
public final class VectorForms implements Function<ElementwiseKernel, VectorLoops> {

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodType FACTORY = MethodType.methodType(VectorLoops.class, ElementwiseKernel.class);

    /** Per kernel class, each form it declared: the form's constructor taking that kernel. */
    private static final ClassValue<Map<String, MethodHandle>> CONSTRUCTORS = new ClassValue<>() {
        @Override
        protected Map<String, MethodHandle> computeValue(Class<?> kernel) {
            return new ConcurrentHashMap<>();
        }
    };

    /**
     * The vector form of {@code k}, or null where it declares none: bare where {@code k} passes NaNs
     * through ({@link ElementwiseKernel#canonicalNaN} false) or the form's stores are canonical
     * ({@link CanonicalStores}), else wrapped in {@link CanonicalNaNLoops}.
     *
     * @throws IllegalStateException if the declared form is not a {@link VectorLoops} in this package
     *     with exactly one constructor taking {@code k}
     */
    @Override
    public VectorLoops apply(ElementwiseKernel k) {
        String form = k.vectorForm();
        if (form == null) {
            return null;
        }
        VectorLoops loops = create(form, k);
        if (!k.canonicalNaN() || loops instanceof CanonicalStores) {
            return loops;
        }
        return new CanonicalNaNLoops(loops);
    }

    private static VectorLoops create(String form, ElementwiseKernel k) {
        MethodHandle constructor = CONSTRUCTORS.get(k.getClass()).computeIfAbsent(form, f -> find(f, k.getClass()));
        try {
            return (VectorLoops) constructor.invokeExact(k);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one constructor of {@code form} whose parameter accepts a {@code kernel}, as a {@link #FACTORY}. */
    private static MethodHandle find(String form, Class<?> kernel) {
        String declared = kernel.getName() + " declares vector form " + form;
        Class<?> c;
        try {
            c = LOOKUP.findClass(form);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(declared + ", which is not a class in " + VectorForms.class.getPackageName(), e);
        }
        if (!VectorLoops.class.isAssignableFrom(c) || !c.getPackageName().equals(VectorForms.class.getPackageName())) {
            throw new IllegalStateException(declared + ", which is not a VectorLoops in " + VectorForms.class.getPackageName());
        }
        List<Constructor<?>> taking = new ArrayList<>();
        for (Constructor<?> constructor : c.getDeclaredConstructors()) {
            if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0].isAssignableFrom(kernel)) {
                taking.add(constructor);
            }
        }
        if (taking.size() != 1) {
            throw new IllegalStateException(declared + ", which has " + taking.size()
                    + " constructors taking a " + kernel.getSimpleName() + " (one expected)");
        }
        try {
            return LOOKUP.unreflectConstructor(taking.get(0)).asType(FACTORY);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(declared + ", whose constructor is not accessible", e);
        }
    }
}
