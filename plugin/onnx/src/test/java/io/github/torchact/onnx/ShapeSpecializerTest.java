package io.github.torchact.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class ShapeSpecializerTest {

    /**
     * Specialising is sound only if the specialiser knows, for every op, which inputs set output shapes by their
     * values: a converter added without that decision must fail here rather than be treated as shape-preserving.
     */
    @Test
    void everyStandardOpIsClassified() {
        List<String> unclassified = new ArrayList<>();
        for (String key : ConverterRegistry.standard().keys()) {
            String op = key.substring(0, key.indexOf('@'));
            if (!op.startsWith(":")) {
                continue; // custom domains (fused catalog activations) preserve shapes
            }
            String type = op.substring(1);
            if (!ShapeSpecializer.SHAPE_INPUTS.containsKey(type) && !ShapeSpecializer.VALUE_FREE_SHAPES.contains(type)) {
                unclassified.add(type);
            }
        }
        assertTrue(unclassified.isEmpty(), "ops ShapeSpecializer does not classify: " + unclassified);
    }

    @Test
    void noOpIsInBothClasses() {
        for (String op : ShapeSpecializer.SHAPE_INPUTS.keySet()) {
            assertTrue(!ShapeSpecializer.VALUE_FREE_SHAPES.contains(op), op + " is in both classes");
        }
    }
}
