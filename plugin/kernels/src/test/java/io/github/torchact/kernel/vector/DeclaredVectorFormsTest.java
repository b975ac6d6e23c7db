package io.github.torchact.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.impl.LeakyRelu;
import io.github.torchact.kernel.impl.Relu;
import io.github.torchact.kernel.math.TorchVersion;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Every catalog elementwise kernel (each version, each parameter set) that declares a Vector API form
 * ({@link ElementwiseKernel#vectorForm}) gets that form, canonical-NaN wrapped exactly where its NaNs
 * must be made canonical by a second pass, and one that declares none gets {@link VectorLoops#NONE}.
 * The pairing is typed: each form's constructors name the kernel classes it reproduces, and every
 * catalog kernel such a constructor accepts declares that form, so no kernel could be given another
 * kernel's loops, whatever order the kernels are first used in.
 */
class DeclaredVectorFormsTest {

    private static final String WRAPPER = "io.github.torchact.kernel.vector.CanonicalNaNLoops";
    private static final String CANONICAL_STORES = "io.github.torchact.kernel.vector.CanonicalStores";

    /** Every catalog elementwise kernel, under every reference version, labelled by its parameters. */
    private static Map<String, ElementwiseKernel> catalogKernels() {
        Map<String, ElementwiseKernel> kernels = new LinkedHashMap<>();
        for (TorchVersion v : TorchVersion.values()) {
            TorchVersion.set(v);
            try {
                for (ActivationSpec s : Catalog.all()) {
                    for (Params p : s.paramSets()) {
                        Kernel k = s.kernel(p);
                        if (k instanceof ElementwiseKernel) {
                            kernels.put(v.label() + " " + p, (ElementwiseKernel) k);
                        }
                    }
                }
            } finally {
                TorchVersion.set(null);
            }
        }
        return kernels;
    }

    @Test
    void everyDeclaredFormIsTheOneUsed() throws ReflectiveOperationException {
        assumeTrue(VectorSupport.enabled(), "run with --add-modules jdk.incubator.vector");
        int declared = 0;
        for (Map.Entry<String, ElementwiseKernel> e : catalogKernels().entrySet()) {
            ElementwiseKernel k = e.getValue();
            VectorLoops loops = VectorSupport.loopsFor(k);
            if (k.vectorForm() == null) {
                assertSame(VectorLoops.NONE, loops, e.getKey() + " declares no form");
                continue;
            }
            declared++;
            assertFormOf(e.getKey(), k, loops);
        }
        assertTrue(declared > 20, "only " + declared + " catalog kernels declare a vector form");
    }

    @Test
    void aNaNSlopeIsSweptAfterwards() throws ReflectiveOperationException {
        assumeTrue(VectorSupport.enabled());
        LeakyRelu nanSlope = new LeakyRelu(Double.NaN);
        VectorLoops loops = VectorSupport.loopsFor(nanSlope);
        assertEquals(WRAPPER, loops.getClass().getName());
        assertFormOf("leaky_relu(NaN)", nanSlope, loops);
    }

    /** The first use of each kernel class in any order finds the same form: nothing depends on order. */
    @Test
    void orderOfFirstUseDoesNotMatter() {
        assumeTrue(VectorSupport.enabled());
        List<String> labels = new ArrayList<>(catalogKernels().keySet());
        Map<String, String> forward = formsInOrder(labels);
        Collections.reverse(labels);
        assertEquals(forward, formsInOrder(labels));
        Collections.shuffle(labels, new Random(15));
        assertEquals(forward, formsInOrder(labels));
    }

    /**
     * Each form's constructor taking a kernel class is the one that class's kernels use: every catalog
     * kernel it accepts declares the form, and at least one does (no form is left unused).
     */
    @Test
    void everyFormIsDeclaredByTheKernelsItTakes() throws ReflectiveOperationException, URISyntaxException {
        assumeTrue(VectorSupport.enabled());
        Map<String, ElementwiseKernel> kernels = catalogKernels();
        List<Class<?>> forms = formClasses();
        assertTrue(forms.size() > 20, "found only " + forms + " in the classes directory");
        for (Class<?> form : forms) {
            for (Constructor<?> c : form.getDeclaredConstructors()) {
                if (c.getParameterCount() != 1 || !ElementwiseKernel.class.isAssignableFrom(c.getParameterTypes()[0])) {
                    continue;
                }
                Class<?> taken = c.getParameterTypes()[0];
                int accepted = 0;
                for (Map.Entry<String, ElementwiseKernel> e : kernels.entrySet()) {
                    if (taken.isInstance(e.getValue())) {
                        accepted++;
                        assertEquals(form.getName(), e.getValue().vectorForm(),
                                e.getKey() + " is a " + taken.getSimpleName() + ", which " + form.getSimpleName() + " takes");
                    }
                }
                assertTrue(accepted > 0, form.getSimpleName() + " takes a " + taken.getSimpleName()
                        + ", which no catalog kernel is");
            }
        }
    }

    private static Map<String, String> formsInOrder(List<String> labels) {
        Map<String, ElementwiseKernel> kernels = catalogKernels();
        Map<String, String> forms = new LinkedHashMap<>();
        for (String label : labels) {
            forms.put(label, VectorSupport.loopsFor(kernels.get(label)).getClass().getName());
        }
        return forms;
    }

    /**
     * The form {@code loops} runs, unwrapped, is the class {@code k} declares; it is wrapped in the
     * canonical-NaN sweep exactly where {@code k} writes canonical NaNs and the form's stores do not.
     */
    private static void assertFormOf(String label, ElementwiseKernel k, VectorLoops loops)
            throws ReflectiveOperationException {
        VectorLoops form = loops;
        boolean wrapped = loops.getClass().getName().equals(WRAPPER);
        if (wrapped) {
            Field inner = loops.getClass().getDeclaredField("loops");
            inner.setAccessible(true);
            form = (VectorLoops) inner.get(loops);
        }
        assertEquals(k.vectorForm(), form.getClass().getName(), label);
        boolean canonicalStores = Class.forName(CANONICAL_STORES).isInstance(form);
        assertEquals(k.canonicalNaN() && !canonicalStores, wrapped, label + ": canonical-NaN sweep");
    }

    /** The concrete classes of the forms' package that have a constructor taking an elementwise kernel. */
    private static List<Class<?>> formClasses() throws ReflectiveOperationException, URISyntaxException {
        Class<?> relu = Class.forName(new Relu().vectorForm());
        File dir = new File(relu.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(dir.isDirectory(), "the forms are read from a classes directory, not " + dir);
        File[] files = new File(dir, relu.getPackageName().replace('.', '/')).listFiles();
        assertNotNull(files);
        List<Class<?>> forms = new ArrayList<>();
        for (File f : files) {
            String name = f.getName();
            if (!name.endsWith(".class") || name.contains("$")) {
                continue;
            }
            Class<?> c = Class.forName(relu.getPackageName() + "." + name.substring(0, name.length() - 6), false,
                    relu.getClassLoader());
            if (c.isInterface() || Modifier.isAbstract(c.getModifiers()) || !VectorLoops.class.isAssignableFrom(c)) {
                continue;
            }
            boolean takesKernel = false;
            for (Constructor<?> ctor : c.getDeclaredConstructors()) {
                takesKernel |= ctor.getParameterCount() == 1
                        && ElementwiseKernel.class.isAssignableFrom(ctor.getParameterTypes()[0]);
            }
            assertFalse(!takesKernel && !c.getName().equals(WRAPPER),
                    c.getSimpleName() + " is a VectorLoops without a constructor taking its kernel");
            if (takesKernel) {
                forms.add(c);
            }
        }
        return forms;
    }
}
