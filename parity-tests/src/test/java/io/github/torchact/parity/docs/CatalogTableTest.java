package io.github.torchact.parity.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.torchact.nn.ActivationBlock;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Param;
import io.github.torchact.spec.Params;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each typed block's javadoc states what the catalog says; every spec has a block, and the typed blocks'
 * defaults are the spec's (README's tables: {@link DerivedFilesTest}).
 */
class CatalogTableTest {

    private static final Path ROOT = Paths.get(System.getProperty("repo.root", ".."));

    /** Each typed block's javadoc points to its catalog entry for the bound instead of restating it. */
    @Test
    void blockJavadocPointsToItsSpecForTheBound() throws IOException, IllegalAccessException {
        int typed = 0;
        for (Field f : Catalog.class.getFields()) {
            if (f.getType() != ActivationSpec.class) {
                continue;
            }
            ActivationSpec s = (ActivationSpec) f.get(null);
            Path src = typedSource(s);
            if (!Files.exists(src)) {
                continue; // no typed class: ActivationBlock.of gives the generic block (everySpecHasABlock)
            }
            typed++;
            String text = javadoc(src);
            assertTrue(text.contains("{@link Catalog#" + f.getName() + "}"),
                    src + " must point to {@link Catalog#" + f.getName() + "} for its bound");
            assertFalse(text.contains("bound against libtorch: "),
                    src + " restates a bound by hand; point to the catalog entry instead");
        }
        assertTrue(typed > 0, "no typed block source found under " + ROOT);
    }

    /**
     * Every spec has a block through {@code ActivationBlock.of}: its typed class where the source
     * nn/{blockName}.java exists, else the generic block, printing {@code blockName(...)} either way.
     */
    @Test
    void everySpecHasABlock() {
        for (ActivationSpec s : Catalog.all()) {
            String expectedClass = Files.exists(typedSource(s)) ? s.blockName() : "ActivationBlock";
            for (Params p : s.paramSets()) {
                for (int n : s.weight() == null ? new int[] {0} : new int[] {1, 3}) {
                    ActivationBlock b = ActivationBlock.of(p, n);
                    assertEquals(expectedClass, b.getClass().getSimpleName(), p.toString());
                    assertSame(s, b.spec());
                    assertEquals(p, b.params());
                    assertEquals(n, b.numParameters());
                    assertTrue(b.toString().startsWith(s.blockName() + "("), b.toString());
                }
            }
        }
    }

    /**
     * A typed block's builder, given nothing, builds its spec's defaults, and one shared learnable
     * value at the spec's init for PReLU and Flexible ReLU.
     */
    @Test
    void typedBuildersTakeTheSpecDefaults() throws ReflectiveOperationException {
        Set<String> checked = new TreeSet<>();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (ActivationSpec s : Catalog.all()) {
                if (!Files.exists(typedSource(s)) || !s.params().stream().allMatch(Param::hasDefault)
                        || !checked.add(s.blockName())) {
                    continue;
                }
                Class<?> type = Class.forName(ActivationBlock.class.getPackageName() + "." + s.blockName());
                Object builder = type.getMethod("builder").invoke(null);
                ActivationBlock b = (ActivationBlock) builder.getClass().getMethod("build").invoke(builder);
                assertEquals(s.blockName(), b.spec().blockName());
                assertEquals(b.spec().defaults(), b.params(), s.blockName() + "'s builder defaults");
                if (s.weight() != null) {
                    assertEquals(1, b.numParameters(), s.blockName());
                    b.initialize(m, DataType.FLOAT32, new Shape(2, 3));
                    assertEquals((float) s.weight().init(), b.learnable().getArray().toFloatArray()[0], s.blockName());
                }
            }
        }
        assertTrue(checked.containsAll(Set.of("LeakyReLU", "Softplus", "RReLU", "GLU", "PReLU", "FlexibleReLU")),
                "checked only " + checked);
    }

    /** A default a typed block's javadoc states, {@code {@code name} (default v)}, is its spec's. */
    @Test
    void blockJavadocDefaultsAreTheSpecs() throws IOException {
        Pattern stated = Pattern.compile("\\{@code (\\w+)\\} \\(default ([^)]*)\\)");
        int seen = 0;
        for (ActivationSpec s : Catalog.all()) {
            Path src = typedSource(s);
            if (!Files.exists(src)) {
                continue;
            }
            Matcher m = stated.matcher(javadoc(src));
            while (m.find()) {
                String name = m.group(1);
                String where = src.getFileName() + ": " + m.group();
                if (name.equals("approximate")) {
                    continue; // GELU's choice between the specs gelu and gelu_tanh, not a parameter
                }
                double expected = name.equals("num_parameters") ? 1
                        : name.equals("init") && s.weight() != null ? s.weight().init()
                        : s.params().get(s.paramIndex(name)).defaultValue();
                assertEquals(expected, number(m.group(2)), where);
                seen++;
            }
        }
        assertTrue(seen >= 10, "found only " + seen + " stated defaults");
    }

    private static Path typedSource(ActivationSpec s) {
        return ROOT.resolve("plugin/src/main/java/io/github/torchact/nn/" + s.blockName() + ".java");
    }

    /** The source with javadoc line breaks (and their leading {@code *}) folded to spaces. */
    private static String javadoc(Path src) throws IOException {
        return Files.readString(src, StandardCharsets.UTF_8).replaceAll("\\s*\n\\s*\\*\\s*", " ");
    }

    /** A number as the javadoc writes it: {@code 0.25}, {@code -1} or a fraction {@code 1/8}. */
    private static double number(String text) {
        String[] parts = text.split("/");
        return parts.length == 2 ? Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]) : Double.parseDouble(text);
    }
}
