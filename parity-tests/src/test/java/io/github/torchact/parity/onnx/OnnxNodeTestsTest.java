package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.OnnxModel;
import io.github.torchact.onnx.TensorValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The official ONNX backend node tests (models/onnx/node-tests, ONNX 1.12 reference outputs computed with numpy), any
 * number of inputs and outputs of float, double, int32, int64 or bool. Every output of every test data set must have
 * ONNX's shape and dtype; floating values must match within 1e-5 + 1e-5·|ref| (NaN where the reference is NaN), integer
 * and bool values exactly.
 *
 * <p>Tests named in {@code models/onnx/node-tests/EXPECTED_FAILURES.txt} are skipped (aborted) when they fail and fail the
 * build when they pass, so that list only shrinks. Every run writes the currently failing tests, in the same format, to
 * {@code parity-tests/target/node-test-failures.txt} (see {@code models/onnx/node-tests/refresh_expected_failures.sh}).
 */
class OnnxNodeTestsTest {

    /** Copied tests when this floor was last raised (copy_node_tests.sh, ONNX 1.12 test data). */
    private static final int MIN_TESTS = 568;
    private static final int MAX_REASON = 150;

    private static NDManager manager;
    private static Map<String, String> expectedFailures;
    private static final Map<String, String> failures = new TreeMap<>();
    private static int ran;

    @BeforeAll
    static void engine() throws IOException {
        manager = NDManager.newBaseManager("PyTorch");
        expectedFailures = readList(nodeTestDir().resolve("EXPECTED_FAILURES.txt"));
    }

    @AfterAll
    static void close() throws IOException {
        manager.close();
        Path out = Paths.get(System.getProperty("repo.root", "..")).resolve("parity-tests/target/node-test-failures.txt");
        Files.createDirectories(out.getParent());
        StringBuilder sb = new StringBuilder();
        sb.append("# ONNX node tests (models/onnx/node-tests) that fail with the current importer: one test name per line,\n")
                .append("# then the first line of its error. Read by OnnxNodeTestsTest: a listed test that fails is skipped,\n")
                .append("# a listed test that passes fails the build (remove it). Regenerate with\n")
                .append("#   bash models/onnx/node-tests/refresh_expected_failures.sh\n")
                .append("# ").append(failures.size()).append(" of ").append(ran).append(" tests failing.\n");
        synchronized (failures) {
            failures.forEach((name, reason) -> sb.append(name).append(' ').append(reason).append('\n'));
        }
        Files.write(out, sb.toString().getBytes(StandardCharsets.UTF_8));
        System.out.println("NODE failing tests written to " + out + " (" + failures.size() + " of " + ran + ")");
    }

    static Path nodeTestDir() {
        return OnnxTestSupport.corpus().resolve("node-tests");
    }

    static List<Path> nodeTests() throws IOException {
        try (Stream<Path> s = Files.list(nodeTestDir())) {
            List<Path> out = new ArrayList<>();
            s.filter(p -> Files.exists(p.resolve("model.onnx"))).sorted().forEach(out::add);
            assertTrue(out.size() >= MIN_TESTS, "node tests missing: " + out.size() + " < " + MIN_TESTS);
            return out;
        }
    }

    /** {@code name reason} lines; blank lines and {@code #} comments are ignored. */
    static Map<String, String> readList(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+", 2);
            out.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodeTests")
    void nodeTestPasses(Path dir) {
        String name = dir.getFileName().toString();
        String error;
        String detail = "";
        try {
            String[] r = check(dir);
            error = r == null ? null : r[0];
            detail = r == null ? "" : r[1];
        } catch (Throwable t) {
            // drop the absolute model path the importer puts in front of its messages
            error = t.getClass().getSimpleName() + ": "
                    + String.valueOf(t.getMessage()).replace(dir.resolve("model.onnx") + ": ", "");
        }
        String reason = error == null ? null : oneLine(error);
        synchronized (failures) {
            ran++;
            if (reason != null) {
                failures.put(name, reason);
            }
        }
        System.out.printf("NODE %-50s %s%n", name, reason == null ? "PASS" : "FAIL " + reason);
        boolean expected = expectedFailures.containsKey(name);
        if (reason != null && expected) {
            Assumptions.abort("expected failure (EXPECTED_FAILURES.txt): " + error);
        } else if (reason != null) {
            fail(name + ": " + error + detail);
        } else if (expected) {
            fail(name + " passes now: remove it from models/onnx/node-tests/EXPECTED_FAILURES.txt");
        }
    }

    /** Null when every data set matches, else {why not, details (the import report when outputs differ)}. */
    private static String[] check(Path dir) throws IOException {
        try (NDManager m = manager.newSubManager(); Stream<Path> sets = Files.list(dir)) {
            OnnxModel model = OnnxModel.read(dir.resolve("model.onnx"));
            // a node test's integer inputs are operator arguments (steps, shapes, divisors): zero is no valid trial value
            boolean floatInputs = model.inputs().stream().allMatch(i -> model.inputType(i).isFloating());
            OnnxGraphBlock block = OnnxImporter.importModel(model, m, ImportOptions.defaults().optTrialRun(floatInputs));
            for (Path set : sets.filter(Files::isDirectory).sorted().toArray(Path[]::new)) {
                List<TensorValue> inputs = new ArrayList<>();
                for (int i = 0; Files.exists(set.resolve("input_" + i + ".pb")); i++) {
                    inputs.add(OnnxTestSupport.pb(set.resolve("input_" + i + ".pb")));
                }
                List<TensorValue> expected = new ArrayList<>();
                for (int i = 0; Files.exists(set.resolve("output_" + i + ".pb")); i++) {
                    expected.add(OnnxTestSupport.pb(set.resolve("output_" + i + ".pb")));
                }
                if (block.inputNames().size() != inputs.size()) {
                    return new String[] {set.getFileName() + ": block takes " + block.inputNames().size() + " inputs "
                            + block.inputNames() + ", test has " + inputs.size(), ""};
                }
                NDList y = OnnxTestSupport.runAll(block, m, inputs);
                if (y.size() != expected.size()) {
                    return new String[] {set.getFileName() + ": block gives " + y.size() + " outputs, ONNX " + expected.size(), ""};
                }
                List<String> bad = new ArrayList<>();
                for (int i = 0; i < expected.size(); i++) {
                    String why = OnnxTestSupport.mismatch(expected.get(i), y.get(i), m);
                    if (why != null) {
                        bad.add("output " + i + " (" + block.outputNames().get(i) + "): " + why);
                    }
                }
                if (!bad.isEmpty()) {
                    return new String[] {set.getFileName() + ": " + String.join("; ", bad), "\n" + block.report()};
                }
            }
            return null;
        }
    }

    private static String oneLine(String s) {
        String first = (s == null ? "null" : s).strip().replaceAll("\\s*\\R\\s*", " ")
                .replaceFirst("cannot import, 1 problem: ", "");
        // keep both ends: wrapped importer errors put the cause last
        int head = MAX_REASON / 2 - 5;
        return first.length() <= MAX_REASON ? first
                : first.substring(0, head) + " ... " + first.substring(first.length() - (MAX_REASON - head - 5));
    }
}
