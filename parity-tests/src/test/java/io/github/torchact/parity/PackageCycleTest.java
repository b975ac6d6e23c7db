package io.github.torchact.parity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The parity library's packages (main sources) import each other without cycles. */
class PackageCycleTest {

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.github\\.torchact\\.parity\\.([a-z]+)\\.",
            Pattern.MULTILINE);

    @Test
    void noNewPackageCycles() throws IOException {
        Path root = Paths.get(System.getProperty("repo.root", "..")).resolve("parity-tests/src/main/java/io/github/torchact/parity");
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                Matcher m = IMPORT.matcher(Files.readString(f));
                Set<String> deps = imports.computeIfAbsent(pkg, k -> new TreeSet<>());
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        deps.add(m.group(1));
                    }
                }
            }
        }
        assertTrue(imports.containsKey("api") && imports.containsKey("report"), imports.toString());
        List<String> cycles = new ArrayList<>();
        for (String a : imports.keySet()) {
            for (String b : imports.keySet()) {
                if (a.compareTo(b) < 0 && reaches(imports, a, b) && reaches(imports, b, a)) {
                    cycles.add(a + " <-> " + b);
                }
            }
        }
        assertTrue(cycles.isEmpty(), "package cycles " + cycles + " in " + imports);
    }

    private static boolean reaches(Map<String, Set<String>> imports, String from, String to) {
        Set<String> seen = new TreeSet<>();
        List<String> todo = new ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            for (String d : imports.getOrDefault(todo.remove(todo.size() - 1), Set.of())) {
                if (d.equals(to)) {
                    return true;
                }
                if (seen.add(d)) {
                    todo.add(d);
                }
            }
        }
        return false;
    }
}
