package io.github.torchact.onnx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The type constraints of the ONNX op schemas (inputs, outputs, and the element types each constraint letter allows)
 * and their attributes (names and types) for every op of {@link ConverterRegistry#standard()} at every since-version up to {@link GraphValidator#MAX_OPSET}.
 * The table, {@code type-constraints.txt} beside this class, is generated from the ONNX spec's schemas (onnx.defs) by
 * {@code models/onnx/make_type_constraints.py}; a test checks it covers the registry. Types are ONNX element type
 * names in lower case ({@code float}, {@code int64}, {@code bool}, ...).
 */
public final class TypeConstraints {

    /** One formal input or output: a constraint letter or a concrete element type, and how many values it takes. */
    static final class Formal {
        final String type;
        final boolean letter;
        final boolean optional;
        /** Variadic: the formal takes this and every further value; homogeneous ones share one type. */
        final boolean variadic;
        final boolean homogeneous;

        Formal(String spec, Set<String> letters) {
            char last = spec.charAt(spec.length() - 1);
            boolean marked = last == '?' || last == '*' || last == '~';
            this.type = marked ? spec.substring(0, spec.length() - 1) : spec;
            this.letter = letters.contains(type);
            this.optional = last == '?';
            this.variadic = last == '*' || last == '~';
            this.homogeneous = last != '~';
        }
    }

    /** One op schema version. */
    static final class Schema {
        final String op;
        final long since;
        final List<Formal> inputs;
        final List<Formal> outputs;
        /** Constraint letter to the element types it allows, in the spec's order. */
        final Map<String, Set<String>> allowed;
        /** The attributes the schema defines, by name, to their AttributeProto type name (INT, FLOATS, ...). */
        final Map<String, String> attributes;

        Schema(String op, long since, List<Formal> inputs, List<Formal> outputs, Map<String, Set<String>> allowed,
                Map<String, String> attributes) {
            this.attributes = attributes;
            this.op = op;
            this.since = since;
            this.inputs = inputs;
            this.outputs = outputs;
            this.allowed = allowed;
        }

        /** The formal that actual input (or output) {@code i} binds to, or null beyond the formals. */
        static Formal formal(List<Formal> formals, int i) {
            if (i < formals.size()) {
                return formals.get(i);
            }
            Formal last = formals.isEmpty() ? null : formals.get(formals.size() - 1);
            return last != null && last.variadic ? last : null;
        }
    }

    private static final Map<String, TreeMap<Long, Schema>> SCHEMAS = load();

    private TypeConstraints() {}

    /** The schema of ai.onnx {@code op} a model of {@code opset} uses, or null when the table has none. */
    static Schema schema(String op, long opset) {
        TreeMap<Long, Schema> versions = SCHEMAS.get(op);
        Map.Entry<Long, Schema> e = versions == null ? null : versions.floorEntry(opset);
        return e == null ? null : e.getValue();
    }

    /** The since-versions of ai.onnx {@code op} in the table (empty when none), for tests. */
    public static Set<Long> versions(String op) {
        TreeMap<Long, Schema> versions = SCHEMAS.get(op);
        return versions == null ? Set.of() : Collections.unmodifiableSet(versions.keySet());
    }

    /** ONNX TensorProto.DataType numbers to the spec's element type names. */
    private static final String[] NAMES = {null, "float", "uint8", "int8", "uint16", "int16", "int32", "int64", "string", "bool",
        "float16", "double", "uint32", "uint64", "complex64", "complex128", "bfloat16", "float8e4m3fn", "float8e4m3fnuz",
        "float8e5m2", "float8e5m2fnuz", "uint4", "int4", "float4e2m1"};

    /** The element type name of ONNX data type number {@code t}, or null for 0 and unknown numbers. */
    static String typeName(int t) {
        return t > 0 && t < NAMES.length ? NAMES[t] : null;
    }

    private static Map<String, TreeMap<Long, Schema>> load() {
        Map<String, TreeMap<Long, Schema>> out = new HashMap<>();
        try (InputStream in = TypeConstraints.class.getResourceAsStream("type-constraints.txt")) {
            if (in == null) {
                throw new IllegalStateException("type-constraints.txt is missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Schema s = parse(line);
                out.computeIfAbsent(s.op, k -> new TreeMap<>()).put(s.since, s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** {@code Op since | in formals | out formals | Letter=type,type ... | attribute:TYPE ...} (see the generator). */
    private static Schema parse(String line) {
        String[] parts = line.split("\\|", -1);
        String[] head = parts[0].trim().split(" ");
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (String c : parts[3].trim().split(" ")) {
            if (!c.isEmpty()) {
                int eq = c.indexOf('=');
                allowed.put(c.substring(0, eq), new LinkedHashSet<>(Arrays.asList(c.substring(eq + 1).split(","))));
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String a : parts[4].trim().split(" ")) {
            if (!a.isEmpty()) {
                attributes.put(a.substring(0, a.indexOf(':')), a.substring(a.indexOf(':') + 1));
            }
        }
        return new Schema(head[0], Long.parseLong(head[1]), formals(parts[1], allowed.keySet()),
                formals(parts[2], allowed.keySet()), allowed, attributes);
    }

    private static List<Formal> formals(String spec, Set<String> letters) {
        List<Formal> out = new ArrayList<>();
        for (String f : spec.trim().split(" ")) {
            if (!f.isEmpty() && !f.equals("-")) {
                out.add(new Formal(f, letters));
            }
        }
        return out;
    }
}
