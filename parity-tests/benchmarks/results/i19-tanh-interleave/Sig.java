import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.SplittableRandom;

/** Sigmoid/silu fused forward: main's one-vector loop vs two vectors per iteration (-Dvariant), 4K and 16M. */
public final class Sig {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final float R_LN2F = 1.442695040888963407359924681001892137426645954152985934135449406931f;
    static final float L2UF = 0.693145751953125f;
    static final float L2LF = 1.428606765330187045e-06f;
    static final float ROUND = 0x1.8p23f;

    static FloatVector exp(FloatVector d) {
        FloatVector r = d.mul(R_LN2F).add(ROUND).sub(ROUND);
        IntVector q = (IntVector) r.convert(VectorOperators.F2I, 0);
        FloatVector qf = (FloatVector) q.convert(VectorOperators.I2F, 0);
        FloatVector s = qf.fma(FloatVector.broadcast(F, -L2UF), d);
        s = qf.fma(FloatVector.broadcast(F, -L2LF), s);
        FloatVector u = FloatVector.broadcast(F, (float) 0.000198527617612853646278381)
                .fma(s, FloatVector.broadcast(F, (float) 0.00139304355252534151077271))
                .fma(s, FloatVector.broadcast(F, (float) 0.00833336077630519866943359))
                .fma(s, FloatVector.broadcast(F, (float) 0.0416664853692054748535156))
                .fma(s, FloatVector.broadcast(F, (float) 0.166666671633720397949219))
                .fma(s, FloatVector.broadcast(F, 0.5f));
        u = FloatVector.broadcast(F, 1f).add(s.mul(s).fma(u, s));
        IntVector h = q.lanewise(VectorOperators.ASHR, 1);
        FloatVector p1 = h.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector p2 = q.sub(h).add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return u.mul(p1).mul(p2)
                .blend(0f, d.compare(VectorOperators.LT, -104f))
                .blend(Float.POSITIVE_INFINITY, d.compare(VectorOperators.GT, 100f));
    }

    static int sig1(float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector t = exp(zero.sub(FloatVector.fromArray(F, x, xOff + i)));
            FloatVector out = one.div(t.add(one));
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return n;
    }

    static int sig2(float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += 2 * F.length()) {
            int j = Math.min(i + F.length(), n - F.length());
            FloatVector xA = FloatVector.fromArray(F, x, xOff + i);
            FloatVector xB = FloatVector.fromArray(F, x, xOff + j);
            FloatVector tA = exp(zero.sub(xA));
            FloatVector tB = exp(zero.sub(xB));
            FloatVector outA = one.div(tA.add(one));
            FloatVector outB = one.div(tB.add(one));
            outA.blend(Float.NaN, outA.compare(VectorOperators.NE, outA)).intoArray(y, yOff + i);
            outB.blend(Float.NaN, outB.compare(VectorOperators.NE, outB)).intoArray(y, yOff + j);
        }
        return n;
    }

    static int silu1(float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector out = v.div(one.add(exp(v.neg())));
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, yOff + i);
        }
        return n;
    }

    static int silu2(float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += 2 * F.length()) {
            int j = Math.min(i + F.length(), n - F.length());
            FloatVector vA = FloatVector.fromArray(F, x, xOff + i);
            FloatVector vB = FloatVector.fromArray(F, x, xOff + j);
            FloatVector outA = vA.div(one.add(exp(vA.neg())));
            FloatVector outB = vB.div(one.add(exp(vB.neg())));
            outA.blend(Float.NaN, outA.compare(VectorOperators.NE, outA)).intoArray(y, yOff + i);
            outB.blend(Float.NaN, outB.compare(VectorOperators.NE, outB)).intoArray(y, yOff + j);
        }
        return n;
    }

    interface Loop { int run(float[] x, int xOff, float[] y, int yOff, int n); }

    public static void main(String[] a) {
        String v = System.getProperty("variant");
        int n = Integer.getInteger("size", 4096);
        Loop loop = switch (v) { case "sig1" -> Sig::sig1; case "sig2" -> Sig::sig2; case "silu1" -> Sig::silu1; default -> Sig::silu2; };
        Loop ref = v.startsWith("sig") ? Sig::sig1 : Sig::silu1;
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[n], y = new float[n], w = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextGaussian() * 3);
        for (int len = 0; len <= 20 * 16; len += 16) {  // bits vs the one-vector loop, odd counts included
            java.util.Arrays.fill(y, 0); java.util.Arrays.fill(w, 0);
            ref.run(x, 0, w, 0, len); loop.run(x, 0, y, 0, len);
            if (!java.util.Arrays.equals(w, y)) throw new AssertionError("length " + len);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long until = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < until) loop.run(x, 0, y, 0, n);
        int reps = Math.max(1, 800_000 / n);
        double best = 1e9;
        long a0 = mx.getCurrentThreadAllocatedBytes();
        int trials = n > 100_000 ? 30 : 500;
        for (int t = 0; t < trials; t++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < reps; k++) loop.run(x, 0, y, 0, n);
            best = Math.min(best, (System.nanoTime() - t0) / (double) reps / n);
        }
        System.out.printf("%-6s size %8d %.4f ns/elem %.2f G/s, %.1f B/call%n", v, n, best, 1 / best,
                (mx.getCurrentThreadAllocatedBytes() - a0) / (double) (trials * reps));
    }
}
