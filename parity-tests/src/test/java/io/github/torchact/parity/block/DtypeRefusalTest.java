package io.github.torchact.parity.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import io.github.torchact.functional.Activations;
import io.github.torchact.nn.ActivationBlock;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * No dtype aborts the JVM: every catalog block, initialised with every {@link DataType} and run on
 * an input of every dtype DJL can create, and the functional API on those inputs, either compute
 * (float32, float64) or throw {@link IllegalArgumentException} naming the block or function and the
 * dtype. Run in one child JVM, so that an abort inside libtorch fails this test instead of killing
 * the test JVM; the child prints one line per case and exits 0.
 *
 * <p>Which inputs a user can make (measured on DJL 0.35.1, libtorch 2.7.1 CPU): {@code zeros},
 * {@code ones}, {@code full}, {@code create(buffer, shape, dtype)} and {@code toType} all abort the
 * process ({@code terminate called without an active exception}) for bfloat16, int16, uint16,
 * uint32, uint64, string and unknown, so no input of those dtypes can reach a block (the block's own
 * {@code initialize} with one of them, which would create its parameter, is what must be refused).
 * Float16, uint8, int8, int32, int64 and boolean arrays are created normally; {@code
 * toType(COMPLEX64)} gives an array reporting complex64 ({@code zeros(COMPLEX64)} gives float32).
 */
class DtypeRefusalTest {

    /** The input dtypes DJL's PyTorch engine creates without aborting (see the class comment). */
    static final Set<DataType> CREATABLE = EnumSet.of(DataType.FLOAT32, DataType.FLOAT64, DataType.FLOAT16,
            DataType.UINT8, DataType.INT8, DataType.INT32, DataType.INT64, DataType.BOOLEAN, DataType.COMPLEX64);

    private static final Set<DataType> COMPUTED = EnumSet.of(DataType.FLOAT32, DataType.FLOAT64);

    private static final Shape SHAPE = new Shape(2, 4, 3, 2);

    @Test
    void everyBlockAndDtypeInAChildJvm() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-Xmx1g");
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("ai.djl.") || k.equals("DJL_CACHE_DIR") || k.startsWith("org.slf4j.")) {
                cmd.add("-D" + k + "=" + System.getProperty(k));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Child.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("child JVM did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        String tail = text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        assertEquals(0, p.exitValue(), "child JVM exit code; its output ends:\n" + tail);
        assertTrue(text.contains("DONE"), tail);

        Map<String, String[]> seen = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("CASE\t")) {
                String[] f = line.split("\t", 6);
                seen.put(f[1] + " " + f[2] + " " + f[3], f);
            }
        }
        for (ActivationSpec s : Catalog.all()) {
            String block = ActivationBlock.of(s.paramSets().get(0)).toString();
            for (DataType t : DataType.values()) {
                check(seen, "initialize", s, t, block);
            }
            for (DataType t : CREATABLE) {
                check(seen, "forward", s, t, block);
                if (t != DataType.FLOAT64) {
                    check(seen, "training", s, t, block);
                }
                check(seen, "functional", s, t, s.name());
            }
        }
        assertEquals(List.of(), text.lines().filter(l -> l.contains("\tERROR\t")).toList(), "not our exception");
        String[] nullType = seen.get("initialize null " + Catalog.PRELU.name());
        assertTrue(nullType != null && nullType[4].equals("REFUSED"), "initialize(manager, null, shape)");
    }

    /** Asserts the case's outcome: computed for float32 and float64, else refused with a clear message. */
    private static void check(Map<String, String[]> seen, String kind, ActivationSpec s, DataType t, String who) {
        String key = kind + " " + t.name() + " " + s.name();
        String[] f = seen.get(key);
        assertTrue(f != null, "no result for " + key);
        if (COMPUTED.contains(t)) {
            assertEquals("OK", f[4], key + ": " + f[5]);
            return;
        }
        assertEquals("REFUSED", f[4], key + ": " + f[5]);
        assertTrue(f[5].contains(who) && f[5].contains(t.toString()), key + ": message names neither: " + f[5]);
    }

    /**
     * The child: prints {@code CASE kind dtype activation OK|REFUSED|ERROR message} for every case,
     * then {@code DONE}. A case that throws anything but {@link IllegalArgumentException} prints
     * ERROR (the parent fails on it); one that aborts libtorch ends the process, which the parent sees
     * as a non-zero exit code and a missing DONE.
     */
    public static final class Child {

        public static void main(String[] args) {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                for (ActivationSpec s : Catalog.all()) {
                    for (DataType t : DataType.values()) {
                        ActivationBlock b = ActivationBlock.of(s.paramSets().get(0));
                        run("initialize", t, s, () -> b.initialize(m, t, SHAPE));
                    }
                }
                ActivationBlock nullType = ActivationBlock.of(Catalog.PRELU.paramSets().get(0));
                run("initialize", null, Catalog.PRELU, () -> nullType.initialize(m, null, SHAPE));
                for (DataType t : CREATABLE) {
                    NDArray x = m.randomNormal(SHAPE).toType(t, false);
                    for (ActivationSpec s : Catalog.all()) {
                        // initialised for the input's dtype where it is computed, so PReLU's weight matches
                        ActivationBlock b = ActivationBlock.of(s.paramSets().get(0));
                        b.initialize(m, COMPUTED.contains(t) ? t : DataType.FLOAT32, SHAPE);
                        run("forward", t, s, () -> b.forward(new ParameterStore(m, false), new NDList(x), false));
                        if (t != DataType.FLOAT64) {
                            // training mode on an uninitialised block: DJL initialises it (float32) first
                            ActivationBlock fresh = ActivationBlock.of(s.paramSets().get(0));
                            run("training", t, s, () -> fresh.forward(new ParameterStore(m, false), new NDList(x), true));
                        }
                        NDArray w = s.weight() == null ? null
                                : m.ones(new Shape(1), t == DataType.FLOAT64 ? t : DataType.FLOAT32);
                        run("functional", t, s, () -> Activations.apply(s.paramSets().get(0), x, w, false));
                    }
                }
            }
            System.out.println("DONE");
            System.out.flush();
        }

        private static void run(String kind, DataType t, ActivationSpec s, Runnable r) {
            String outcome;
            String message;
            try {
                r.run();
                outcome = "OK";
                message = "";
            } catch (IllegalArgumentException e) {
                outcome = "REFUSED";
                message = e.getMessage();
            } catch (Throwable e) {
                outcome = "ERROR";
                message = e.toString();
            }
            System.out.println("CASE\t" + kind + "\t" + (t == null ? "null" : t.name()) + "\t" + s.name() + "\t"
                    + outcome + "\t" + String.valueOf(message).replace('\n', ' '));
            System.out.flush();
        }
    }
}
