import io.github.torchact.kernel.math.GlibcErfD;
import io.github.torchact.kernel.math.GlibcExpD;
import io.github.torchact.kernel.math.GlibcExpm1D;
import io.github.torchact.kernel.math.GlibcLog1pD;
import io.github.torchact.kernel.math.GlibcTanhD;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Sampled check of the float64 glibc transcriptions (kernel.math.Glibc*) against the libm this JVM
 * loads (FFM API, JDK 22+): 2^26 random bit patterns, 2^26 uniform values over each function's
 * interesting range, 2^20 consecutive doubles around each branch point, and the specials; bits compared
 * (any NaN equals any NaN). Out of CI; run by hand, see parity-tests/exhaustive-results.md:
 *
 *   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --enable-native-access=ALL-UNNAMED \
 *       -cp plugin/target/classes parity-tests/glibc-check/GlibcSampled.java [exp|log1p|expm1|tanh|erf ...]
 */
public class GlibcSampled {

    static MethodHandle libm(String name) {
        Linker l = Linker.nativeLinker();
        return l.downcallHandle(l.defaultLookup().find(name).orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_DOUBLE), Linker.Option.critical(false));
    }

    static DoubleUnaryOperator ours(String name) {
        return switch (name) {
            case "exp" -> GlibcExpD::exp;
            case "log1p" -> GlibcLog1pD::log1p;
            case "expm1" -> GlibcExpm1D::expm1;
            case "tanh" -> GlibcTanhD::tanh;
            case "erf" -> GlibcErfD::erf;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Branch points of each function, around which consecutive doubles are swept. */
    static double[] edges(String name) {
        return switch (name) {
            case "exp" -> new double[] {0x1p-54, -0x1p-54, 512, -512, 709.782712893384, -708.39641853226, -745.1332191019411, 1024, -1024, 0};
            case "log1p" -> new double[] {0.41422, -0.2929, -1, 0x1p-29, -0x1p-29, 0x1p-54, 0x1p53, 0};
            case "expm1" -> new double[] {56 * Math.log(2), -56 * Math.log(2), 709.782712893384, 0.5 * Math.log(2), -0.5 * Math.log(2), 1.5 * Math.log(2), -1.5 * Math.log(2), 0x1p-54, 0};
            case "tanh" -> new double[] {22, -22, 1, -1, 0x1p-55, 0.5, 0};
            case "erf" -> new double[] {0.84375, -0.84375, 1.25, -1.25, 1 / 0.35, -1 / 0.35, 6, -6, 0x1p-28, 0};
            default -> throw new IllegalArgumentException(name);
        };
    }

    public static void main(String[] args) throws Throwable {
        String[] names = args.length > 0 ? args : new String[] {"exp", "log1p", "expm1", "tanh", "erf"};
        for (String name : names) {
            MethodHandle h = libm(name);
            DoubleUnaryOperator f = ours(name);
            SplittableRandom rnd = new SplittableRandom(20261202L);
            long n = 0;
            long diff = 0;
            double range = name.equals("exp") ? 750 : name.equals("log1p") ? 1e6 : name.equals("erf") ? 7 : 40;
            for (int i = 0; i < SAMPLES; i++) {
                double a = Double.longBitsToDouble(rnd.nextLong());
                double b = (rnd.nextDouble() * 2 - 1) * range;
                double c = (rnd.nextDouble() * 2 - 1) * (i % 2 == 0 ? 1 : 1e-6);
                for (double x : new double[] {a, b, c}) {
                    diff += check(name, h, f, x);
                    n++;
                }
            }
            for (double e : edges(name)) {
                long bits = Double.doubleToRawLongBits(e);
                for (long d = -(1 << 19); d < (1 << 19); d++) {
                    diff += check(name, h, f, Double.longBitsToDouble(bits + d));
                    n++;
                }
            }
            for (double s : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
                Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL}) {
                diff += check(name, h, f, s);
                n++;
            }
            System.out.printf("%s: %d of %d sampled inputs differ from libm%n", name, diff, n);
        }
    }

    static int count;
    static final int SAMPLES = Integer.getInteger("samples", 1 << 26);

    static int check(String name, MethodHandle h, DoubleUnaryOperator f, double x) throws Throwable {
        double want = (double) h.invokeExact(x);
        double got = f.applyAsDouble(x);
        if (Double.doubleToRawLongBits(want) == Double.doubleToRawLongBits(got) || (want != want && got != got)) {
            return 0;
        }
        if (count++ < 8) {
            System.out.printf("  %s(%s [%016x]) libm %s ours %s%n", name, x, Double.doubleToRawLongBits(x), want, got);
        }
        return 1;
    }
}
