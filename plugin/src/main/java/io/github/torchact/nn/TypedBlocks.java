package io.github.torchact.nn;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the PyTorch-named subclass of {@link ActivationBlock} for a catalog activation: the class of
 * this package named {@link ActivationSpec#blockName()}, so no list of names is kept here. A typed
 * class has a package-private constructor {@code (Params)}, or {@code (Params, int numParameters,
 * double init)} when the activation has a learnable tensor.
 */
final class TypedBlocks {

    private static final Map<ActivationSpec, Optional<Constructor<? extends ActivationBlock>>> FOUND =
            new ConcurrentHashMap<>();

    private TypedBlocks() {}

    /** The typed block for {@code p}, or {@code null} when its activation is outside the catalog or has no typed class. */
    static ActivationBlock create(Params p, int numParameters) {
        ActivationSpec s = p.spec();
        if (Catalog.all().stream().noneMatch(entry -> entry == s)) {
            return null; // a typed class is written for the catalog's entry (GELU prints approximate from it)
        }
        Constructor<? extends ActivationBlock> c = FOUND.computeIfAbsent(s, TypedBlocks::find).orElse(null);
        if (c == null) {
            return null;
        }
        try {
            return s.weight() == null ? c.newInstance(p) : c.newInstance(p, numParameters, s.weight().init());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(s.blockName() + ": constructor failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(s.blockName() + ": cannot construct its typed block", e);
        }
    }

    /** The constructor of the class named {@code s.blockName()}, if there is one. */
    private static Optional<Constructor<? extends ActivationBlock>> find(ActivationSpec s) {
        Class<?> type;
        try {
            type = Class.forName(TypedBlocks.class.getPackageName() + "." + s.blockName(), false,
                    TypedBlocks.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        if (!ActivationBlock.class.isAssignableFrom(type)) {
            throw new IllegalStateException(type.getName() + " is named as " + s.name()
                    + "'s block but is not an ActivationBlock");
        }
        Class<?>[] args = s.weight() == null
                ? new Class<?>[] {Params.class}
                : new Class<?>[] {Params.class, int.class, double.class};
        try {
            return Optional.of(type.asSubclass(ActivationBlock.class).getDeclaredConstructor(args));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + ", the typed block of " + s.name()
                    + ", needs a constructor " + (s.weight() == null ? "(Params)" : "(Params, int, double)"), e);
        }
    }
}
