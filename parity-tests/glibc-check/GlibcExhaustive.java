import io.github.torchact.kernel.math.GlibcExpF;
import io.github.torchact.kernel.math.GlibcExpm1F;
import io.github.torchact.kernel.math.GlibcLog1pF;
import io.github.torchact.kernel.math.GlibcTanhF;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Exhaustive check of the float32 glibc transcriptions (kernel.math.Glibc*F) against the libm this JVM
 * loads, called through the FFM API (JDK 22+): every one of the 2^32 inputs, bits compared (any NaN
 * equals any NaN). Out of CI; run by hand, see parity-tests/exhaustive-results.md:
 *
 *   mvn -o -B -q -pl plugin compile
 *   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp plugin/target/classes \
 *       parity-tests/glibc-check/GlibcExhaustive.java [expf|log1pf|expm1f|tanhf ...]
 */
public class GlibcExhaustive {

    interface F { float apply(float x); }

    static MethodHandle libm(String name) {
        Linker l = Linker.nativeLinker();
        return l.downcallHandle(l.defaultLookup().find(name).orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_FLOAT, ValueLayout.JAVA_FLOAT), Linker.Option.critical(false));
    }

    static F ours(String name) {
        return switch (name) {
            case "expf" -> GlibcExpF::exp;
            case "log1pf" -> GlibcLog1pF::log1p;
            case "expm1f" -> GlibcExpm1F::expm1;
            case "tanhf" -> GlibcTanhF::tanh;
            default -> throw new IllegalArgumentException(name);
        };
    }

    public static void main(String[] args) throws Throwable {
        String[] names = args.length > 0 ? args : new String[] {"expf", "log1pf", "expm1f", "tanhf"};
        System.out.println("libc: " + System.getProperty("os.name") + ", JDK " + Runtime.version());
        for (String name : names) {
            MethodHandle h = libm(name);
            F f = ours(name);
            AtomicLong diff = new AtomicLong();
            AtomicLong firstBad = new AtomicLong(-1);
            long t0 = System.nanoTime();
            IntStream.range(0, 1 << 16).parallel().forEach(hi -> {
                try {
                    for (int lo = 0; lo < 1 << 16; lo++) {
                        int bits = hi << 16 | lo;
                        float x = Float.intBitsToFloat(bits);
                        float want = (float) h.invokeExact(x);
                        float got = f.apply(x);
                        boolean same = Float.floatToRawIntBits(want) == Float.floatToRawIntBits(got)
                                || (want != want && got != got);
                        if (!same) {
                            if (diff.getAndIncrement() < 5) {
                                System.out.printf("  %s(%s [0x%08x]) libm %s [0x%08x] ours %s [0x%08x]%n", name, x, bits,
                                        want, Float.floatToRawIntBits(want), got, Float.floatToRawIntBits(got));
                            }
                        }
                    }
                } catch (Throwable e) {
                    throw new RuntimeException(e);
                }
            });
            System.out.printf("%s: %d of 2^32 inputs differ from libm (%.0f s)%n", name, diff.get(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
