package io.github.torchact.onnx.export;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the configuration DJL keeps in private fields without getters (BatchNorm's axis and epsilon, LayerNorm's
 * normalized shape, ParallelBlock's join, a LambdaBlock's function and the values its lambda captured).
 */
final class Reflect {

    private Reflect() {}

    /** Field {@code name} of {@code owner}, declared in {@code type} (a superclass of the object's class). */
    static Object field(Object owner, Class<?> type, String name) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new OnnxExportException("cannot read " + type.getSimpleName() + "." + name + " of " + owner.getClass().getName()
                    + " (the DJL version differs from 0.35?): " + e, e);
        }
    }

    /** The values a lambda or method reference captured, in capture order; null if they cannot be read. */
    static List<Object> captured(Object lambda) {
        try {
            Field[] fields = lambda.getClass().getDeclaredFields();
            Arrays.sort(fields, Comparator.comparing(Field::getName));
            List<Object> values = new ArrayList<>();
            for (Field f : fields) {
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                values.add(f.get(lambda));
            }
            return values;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
