package io.github.torchact.parity.onnx.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the ONNX fuzz targets with Jazzer's standalone driver, one after another, each in its own JVM for a bounded
 * time: the bounded run of {@code mvn verify} (execution {@code fuzz} of parity-tests/pom.xml, about 2 minutes) and the
 * long runs of {@code parity-tests/fuzz-onnx.sh}. Each target starts from its seed directory
 * ({@code src/test/resources/.../fuzz/<Target>Inputs/<method>}) and grows a corpus under {@code target/fuzz-corpus};
 * a finding (an exception other than OnnxImportException / MalformedModelException, a crash, a hang of 60 s, an
 * out-of-memory) is written to {@code target/fuzz-findings} and ends the run with exit status 1, which fails the build.
 *
 * <p>Arguments: {@code <seed root> <output dir> Target:seconds ...}. The JVM's class path and its {@code ai.djl.*},
 * {@code DJL_CACHE_DIR}, {@code org.slf4j.*} and {@code repo.root} properties are passed on.
 */
public final class FuzzRunner {

    /** Each target's fuzzed method (the seed directory's name). */
    private static final Map<String, String> METHODS = Map.of("ModelReaderFuzzTest", "read", "ExternalDataFuzzTest", "resolve",
            "ImporterFuzzTest", "importModel", "MutatedModelFuzzTest", "mutatedModel", "ParameterLoaderFuzzTest", "load");

    private FuzzRunner() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path seeds = Paths.get(args[0]);
        Path out = Paths.get(args[1]);
        Path findings = Files.createDirectories(out.resolve("fuzz-findings"));
        List<String> done = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String[] ts = args[i].split(":");
            String target = ts[0];
            String method = METHODS.get(target);
            if (method == null || ts.length != 2) {
                System.err.println("FUZZ unknown target or no seconds '" + args[i] + "' (Target:seconds; targets " + METHODS.keySet() + ")");
                System.exit(2);
            }
            Path corpus = Files.createDirectories(out.resolve("fuzz-corpus").resolve(target));
            List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx4g"));
            for (String k : System.getProperties().stringPropertyNames()) {
                if (k.startsWith("ai.djl.") || k.startsWith("org.slf4j.") || k.equals("DJL_CACHE_DIR") || k.equals("repo.root")) {
                    cmd.add("-D" + k + "=" + System.getProperty(k));
                }
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "com.code_intelligence.jazzer.Jazzer",
                    "--target_class=" + FuzzRunner.class.getPackageName() + "." + target,
                    "--instrumentation_includes=io.github.torchact.**", "--reproducer_path=" + findings,
                    "-max_total_time=" + Integer.parseInt(ts[1]), "-timeout=60", "-print_final_stats=1",
                    "-artifact_prefix=" + findings + "/", corpus.toString(),
                    seeds.resolve(target + "Inputs").resolve(method).toString()));
            System.out.println("FUZZ " + target + " for " + ts[1] + " s (corpus " + corpus + ")");
            long t0 = System.nanoTime();
            int rc = new ProcessBuilder(cmd).inheritIO().start().waitFor();
            double s = (System.nanoTime() - t0) / 1e9;
            if (rc != 0) {
                System.out.printf("FUZZ FINDING: %s ended with exit status %d after %.0f s; the input is in %s (copy it into the"
                        + " target's seed directory to replay it in every mvn test)%n", target, rc, s, findings);
                System.exit(1);
            }
            done.add(String.format("%s %.0f s", target, s));
        }
        System.out.println("FUZZ no finding: " + String.join(", ", done));
    }
}
