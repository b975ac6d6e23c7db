import static io.github.torchact.kernel.math.OneDnnGelu.*;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where the time of a float32 vector kernel goes, on 4K in-cache arrays, one thread: each kernel's
 * loop body (the same vector operations as plugin/kernels, copied here) cut after stage k by
 * {@code -Dlevel=k}, a static final constant, so C2 compiles only stages 0..k; the cost of stage k
 * is time(level k) − time(level k−1). A cut keeps earlier results live by adding them into the
 * stored vector (1–3 extra adds, the "glue"). Also the real kernel through the public API
 * ({@code -Dlevel=api}) and the clock ({@code calibrate}: dependent chains of double multiplies and
 * FMAs, 3 and 4 cycles on Zen 4/5). Prints ns and cycles per element, the
 * best of 500 trials of 200 calls after 3 s of warm-up (best: the machine is shared).
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -cp benchmarks.jar -d classes Stages.java
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar:classes -Dkernel=tanh -Dlevel=3 -Dghz=G Stages
 * </pre>
 */
public final class Stages {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    static final int N = 4096;
    static final String KERNEL = System.getProperty("kernel", "calibrate");
    static final String LEVEL_S = System.getProperty("level", "99");
    static final int LEVEL = LEVEL_S.equals("api") ? 99 : Integer.parseInt(LEVEL_S);

    static final float R_LN2F = 1.442695040888963407359924681001892137426645954152985934135449406931f;
    static final float L2UF = 0.693145751953125f;
    static final float L2LF = 1.428606765330187045e-06f;
    static final float ROUND = 0x1.8p23f;

    static float[] x = normal(N, 1, 3);
    static float[] gy = normal(N, 2, 3);
    static float[] y = new float[N];
    static float[] t = new float[N];

    public static void main(String[] args) {
        if (KERNEL.equals("calibrate")) {
            calibrate();
            return;
        }
        Runnable body = LEVEL_S.equals("api") ? api() : body();
        double ghz = Double.parseDouble(System.getProperty("ghz", "1"));
        long until = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < until) {
            body.run();
        }
        int reps = 200;
        double best = Double.MAX_VALUE;
        for (int trial = 0; trial < 500; trial++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                body.run();
            }
            best = Math.min(best, (System.nanoTime() - t0) / (double) reps / N);
        }
        float sum = 0;
        for (float v : y) {
            sum += v;
        }
        System.out.printf("%s level %s: %.4f ns/elem, %.3f cycles/elem at %.3f GHz (checksum %s)%n", KERNEL, LEVEL_S, best,
                best * ghz, ghz, sum);
    }

    static Runnable body() {
        return switch (KERNEL) {
            case "tanh" -> () -> tanh(x, y, N);
            case "sigmoid" -> () -> sigmoid(false, false);
            case "silu" -> () -> sigmoid(true, false);
            case "sigmoid_bwd" -> () -> sigmoid(false, true);
            case "gelu_tanh" -> Stages::geluTanh;
            case "gelu_bwd" -> Stages::geluBackward;
            case "softmax" -> Stages::softmax;
            // latency: each vector's input is the previous vector's output (store-to-load forwarded)
            case "tanh_chain" -> () -> tanhFull(y, 0, y, 16, N - 16);
            case "copy" -> () -> {
                for (int i = 0; i < N; i += 16) {
                    FloatVector.fromArray(F, x, i).intoArray(y, i);
                }
            };
            case "div" -> () -> { // LEVEL divisions in a dependent chain per vector
                FloatVector one = FloatVector.broadcast(F, 1f);
                for (int i = 0; i < N; i += 16) {
                    FloatVector v = FloatVector.fromArray(F, x, i);
                    for (int k = 0; k < LEVEL; k++) {
                        v = one.div(v.add(one));
                    }
                    v.intoArray(y, i);
                }
            };
            default -> throw new IllegalArgumentException(KERNEL);
        };
    }

    /** The kernel itself (public API, default parameters, shape [4, 1024]), as the benchmarks call it. */
    static Runnable api() {
        String name = switch (KERNEL) {
            case "sigmoid_bwd" -> "sigmoid";
            case "gelu_bwd" -> "gelu";
            default -> KERNEL;
        };
        ActivationSpec s = Catalog.get(name);
        List<Params> sets = s.paramSets();
        Params p = sets.isEmpty() ? s.params(Map.of("dim", -1)) : sets.get(0);
        Kernel k = s.kernel(p);
        long[] shape = {N / 1024, 1024};
        float[][] w = new float[0][];
        if (KERNEL.endsWith("_bwd")) {
            return () -> k.backward(x, shape, w, gy, y, w);
        }
        return () -> k.forward(x, shape, w, y);
    }

    /** TanhF.tanh's loop (Sleef xtanhf), cut by LEVEL: 0 load/abs/store, 1 reduction, 2 polynomial and
     *  double-float chain, 3 ldexp, 4 dfrec (1st division) and n, m, 5 dfdiv (2nd division), 6 selects. */
    static void tanh(float[] src, float[] dst, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector half = FloatVector.broadcast(F, 0.5f);
        FloatVector c = FloatVector.broadcast(F, 0.166666659414234244790680580464e+0f);
        FloatVector c0 = FloatVector.broadcast(F, 0.1980960224e-3f);
        FloatVector c1 = FloatVector.broadcast(F, 0.1394256484e-2f);
        FloatVector c2 = FloatVector.broadcast(F, 0.8333456703e-2f);
        FloatVector c3 = FloatVector.broadcast(F, 0.4166637361e-1f);
        for (int i = 0; i < n; i += 16) {
            FloatVector x = FloatVector.fromArray(F, src, i);
            FloatVector ax = x.abs();
            if (LEVEL == 0) {
                ax.intoArray(dst, i);
                continue;
            }
            FloatVector qf = ax.mul(R_LN2F).add(ROUND).sub(ROUND);
            IntVector q = (IntVector) qf.convert(VectorOperators.F2I, 0);
            FloatVector yy = qf.mul(-L2UF);
            FloatVector sx = ax.add(yy);
            FloatVector v = sx.sub(ax);
            FloatVector sy = ax.sub(sx.sub(v)).add(yy.sub(v));
            yy = qf.mul(-L2LF);
            FloatVector s0 = sx.add(yy);
            v = s0.sub(sx);
            sy = sx.sub(s0.sub(v)).add(yy.sub(v)).add(sy);
            sx = s0;
            if (LEVEL == 1) {
                sx.add(sy).add(q.reinterpretAsFloats()).intoArray(dst, i);
                continue;
            }
            FloatVector u = c0.fma(sx, c1).fma(sx, c2).fma(sx, c3);
            FloatVector mx = sx.mul(u);
            FloatVector my = sy.fma(u, sx.fma(u, mx.neg()));
            FloatVector tx = mx.add(c);
            v = tx.sub(mx);
            FloatVector ty = mx.sub(tx.sub(v)).add(c.sub(v)).add(my);
            mx = sx.mul(tx);
            my = sx.fma(ty, sy.fma(tx, sx.fma(tx, mx.neg())));
            tx = mx.add(half);
            v = tx.sub(mx);
            ty = mx.sub(tx.sub(v)).add(half.sub(v)).add(my);
            FloatVector qx = sx.mul(sx);
            FloatVector qy = sx.add(sx).fma(sy, sx.fma(sx, qx.neg()));
            mx = qx.mul(tx);
            my = qx.fma(ty, qy.fma(tx, qx.fma(tx, mx.neg())));
            tx = sx.add(mx);
            v = tx.sub(sx);
            ty = sx.sub(tx.sub(v)).add(mx.sub(v)).add(sy.add(my));
            FloatVector t0 = one.add(tx);
            ty = one.sub(t0).add(tx).add(ty);
            tx = t0;
            if (LEVEL == 2) {
                tx.add(ty).add(q.reinterpretAsFloats()).intoArray(dst, i);
                continue;
            }
            IntVector h = q.lanewise(VectorOperators.ASHR, 1);
            FloatVector p1 = h.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector p2 = q.sub(h).add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector dx = tx.mul(p1).mul(p2);
            FloatVector dy = ty.mul(p1).mul(p2);
            if (LEVEL == 3) {
                dx.add(dy).intoArray(dst, i);
                continue;
            }
            FloatVector ex = one.div(dx);
            FloatVector ey = ex.mul(dy.neg().fma(ex, dx.neg().fma(ex, one)));
            FloatVector nx = dx.sub(ex);
            FloatVector ny = dx.sub(nx).sub(ex).add(dy).sub(ey);
            mx = dx.add(ex);
            my = dx.sub(mx).add(ex).add(dy).add(ey);
            if (LEVEL == 4) {
                nx.add(ny).add(mx.add(my)).intoArray(dst, i);
                continue;
            }
            FloatVector tt = one.div(mx);
            FloatVector s = nx.mul(tt);
            u = tt.fma(nx, s.neg());
            FloatVector w = my.neg().fma(tt, mx.neg().fma(tt, one));
            FloatVector r = s.add(s.fma(w, ny.fma(tt, u)));
            if (LEVEL == 5) {
                r.intoArray(dst, i);
                continue;
            }
            VectorMask<Float> saturated = ax.compare(VectorOperators.GT, 8.664339742f).or(r.test(VectorOperators.IS_NAN));
            r = r.blend(one, saturated);
            IntVector sign = x.reinterpretAsInts().and(0x80000000);
            r = r.reinterpretAsInts().lanewise(VectorOperators.XOR, sign).reinterpretAsFloats();
            r.blend(Float.NaN, x.test(VectorOperators.IS_NAN)).intoArray(dst, i);
        }
    }

    /**
     * Sigmoid / silu forward, sigmoid backward as fused (SigmoidVector, SiluVector), cut by LEVEL: 0 load
     * (x, and gy for backward), 0 − x, store; 1 exp's reduction; 2 its polynomial; 3 its 2^q scaling; 4
     * its range selects; 5 + 1 and the division; 6 the backward's combine (forward: the NaN select);
     * 7 the backward's NaN select.
     */
    static void sigmoid(boolean silu, boolean bwd) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < N; i += 16) {
            FloatVector xv = FloatVector.fromArray(F, x, i);
            FloatVector d = silu ? xv.neg() : zero.sub(xv);
            FloatVector g = bwd ? FloatVector.fromArray(F, gy, i) : null;
            if (LEVEL == 0) {
                (bwd ? d.add(g) : d).intoArray(y, i);
                continue;
            }
            FloatVector r = d.mul(R_LN2F).add(ROUND).sub(ROUND);
            IntVector q = (IntVector) r.convert(VectorOperators.F2I, 0);
            FloatVector qf = (FloatVector) q.convert(VectorOperators.I2F, 0);
            FloatVector s = qf.fma(FloatVector.broadcast(F, -L2UF), d);
            s = qf.fma(FloatVector.broadcast(F, -L2LF), s);
            if (LEVEL == 1) {
                FloatVector o = s.add(q.reinterpretAsFloats());
                (bwd ? o.add(g) : o).intoArray(y, i);
                continue;
            }
            FloatVector u = FloatVector.broadcast(F, (float) 0.000198527617612853646278381)
                    .fma(s, FloatVector.broadcast(F, (float) 0.00139304355252534151077271))
                    .fma(s, FloatVector.broadcast(F, (float) 0.00833336077630519866943359))
                    .fma(s, FloatVector.broadcast(F, (float) 0.0416664853692054748535156))
                    .fma(s, FloatVector.broadcast(F, (float) 0.166666671633720397949219))
                    .fma(s, FloatVector.broadcast(F, 0.5f));
            u = one.add(s.mul(s).fma(u, s));
            if (LEVEL == 2) {
                FloatVector o = u.add(q.reinterpretAsFloats());
                (bwd ? o.add(g) : o).intoArray(y, i);
                continue;
            }
            IntVector h = q.lanewise(VectorOperators.ASHR, 1);
            FloatVector p1 = h.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector p2 = q.sub(h).add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            u = u.mul(p1).mul(p2);
            if (LEVEL == 3) {
                (bwd ? u.add(g) : u).intoArray(y, i);
                continue;
            }
            FloatVector e = u.blend(0f, d.compare(VectorOperators.LT, -104f))
                    .blend(Float.POSITIVE_INFINITY, d.compare(VectorOperators.GT, 100f));
            if (LEVEL == 4) {
                (bwd ? e.add(g) : e).intoArray(y, i);
                continue;
            }
            FloatVector out = silu ? xv.div(one.add(e)) : one.div(e.add(one));
            if (LEVEL == 5) {
                (bwd ? out.add(g) : out).intoArray(y, i);
                continue;
            }
            if (bwd) {
                out = g.mul(one.sub(out)).mul(out);
                if (LEVEL == 6) {
                    out.intoArray(y, i);
                    continue;
                }
            }
            out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, i);
        }
    }

    /** GeluTanhVector.forward's three passes per 1024 block: 0 inner argument only, 1 + tanh (TanhF, full), 2 + combine. */
    static void geluTanh() {
        float kappa = (float) 0.044715;
        float beta = (float) (1.41421356237309504880 * 1.12837916709551257390 * 0.5);
        FloatVector kv = FloatVector.broadcast(F, kappa);
        for (int b = 0; b < N; b += 1024) {
            for (int i = 0; i < 1024; i += 16) {
                FloatVector v = FloatVector.fromArray(F, x, b + i);
                kv.fma(v.mul(v).mul(v), v).mul(beta).intoArray(t, i);
            }
            if (LEVEL >= 1) {
                tanhFull(t, 0, t, 0, 1024);
            }
            if (LEVEL >= 2) {
                for (int i = 0; i < 1024; i += 16) {
                    FloatVector v = FloatVector.fromArray(F, x, b + i);
                    FloatVector out = v.mul(0.5f).mul(FloatVector.fromArray(F, t, i).add(1f));
                    out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, b + i);
                }
            }
        }
    }

    /** TanhF's full loop (LEVEL-independent copy for gelu_tanh's middle pass). */
    static void tanhFull(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector half = FloatVector.broadcast(F, 0.5f);
        FloatVector c = FloatVector.broadcast(F, 0.166666659414234244790680580464e+0f);
        FloatVector c0 = FloatVector.broadcast(F, 0.1980960224e-3f);
        FloatVector c1 = FloatVector.broadcast(F, 0.1394256484e-2f);
        FloatVector c2 = FloatVector.broadcast(F, 0.8333456703e-2f);
        FloatVector c3 = FloatVector.broadcast(F, 0.4166637361e-1f);
        for (int i = 0; i < n; i += 16) {
            FloatVector x = FloatVector.fromArray(F, src, srcOff + i);
            FloatVector ax = x.abs();
            FloatVector qf = ax.mul(R_LN2F).add(ROUND).sub(ROUND);
            IntVector q = (IntVector) qf.convert(VectorOperators.F2I, 0);
            FloatVector yy = qf.mul(-L2UF);
            FloatVector sx = ax.add(yy);
            FloatVector v = sx.sub(ax);
            FloatVector sy = ax.sub(sx.sub(v)).add(yy.sub(v));
            yy = qf.mul(-L2LF);
            FloatVector s0 = sx.add(yy);
            v = s0.sub(sx);
            sy = sx.sub(s0.sub(v)).add(yy.sub(v)).add(sy);
            sx = s0;
            FloatVector u = c0.fma(sx, c1).fma(sx, c2).fma(sx, c3);
            FloatVector mx = sx.mul(u);
            FloatVector my = sy.fma(u, sx.fma(u, mx.neg()));
            FloatVector tx = mx.add(c);
            v = tx.sub(mx);
            FloatVector ty = mx.sub(tx.sub(v)).add(c.sub(v)).add(my);
            mx = sx.mul(tx);
            my = sx.fma(ty, sy.fma(tx, sx.fma(tx, mx.neg())));
            tx = mx.add(half);
            v = tx.sub(mx);
            ty = mx.sub(tx.sub(v)).add(half.sub(v)).add(my);
            FloatVector qx = sx.mul(sx);
            FloatVector qy = sx.add(sx).fma(sy, sx.fma(sx, qx.neg()));
            mx = qx.mul(tx);
            my = qx.fma(ty, qy.fma(tx, qx.fma(tx, mx.neg())));
            tx = sx.add(mx);
            v = tx.sub(sx);
            ty = sx.sub(tx.sub(v)).add(mx.sub(v)).add(sy.add(my));
            FloatVector t0 = one.add(tx);
            ty = one.sub(t0).add(tx).add(ty);
            tx = t0;
            IntVector h = q.lanewise(VectorOperators.ASHR, 1);
            FloatVector p1 = h.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector p2 = q.sub(h).add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector dx = tx.mul(p1).mul(p2);
            FloatVector dy = ty.mul(p1).mul(p2);
            FloatVector ex = one.div(dx);
            FloatVector ey = ex.mul(dy.neg().fma(ex, dx.neg().fma(ex, one)));
            FloatVector nx = dx.sub(ex);
            FloatVector ny = dx.sub(nx).sub(ex).add(dy).sub(ey);
            mx = dx.add(ex);
            my = dx.sub(mx).add(ex).add(dy).add(ey);
            FloatVector tt = one.div(mx);
            FloatVector s = nx.mul(tt);
            u = tt.fma(nx, s.neg());
            FloatVector w = my.neg().fma(tt, mx.neg().fma(tt, one));
            FloatVector r = s.add(s.fma(w, ny.fma(tt, u)));
            VectorMask<Float> saturated = ax.compare(VectorOperators.GT, 8.664339742f).or(r.test(VectorOperators.IS_NAN));
            r = r.blend(one, saturated);
            IntVector sign = x.reinterpretAsInts().and(0x80000000);
            r = r.reinterpretAsInts().lanewise(VectorOperators.XOR, sign).reinterpretAsFloats();
            r.blend(Float.NaN, x.test(VectorOperators.IS_NAN)).intoArray(dst, dstOff + i);
        }
    }

    /**
     * OneDnnGeluF.backward's passes per 1024 block: 0 argument pass only, 1 + oneDNN exp pass, 2 + combine
     * without the division (w = p·|r| + 1 instead of its reciprocal), 3 + the division (full).
     */
    static void geluBackward() {
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector half = FloatVector.broadcast(F, 0.5f);
        FloatVector p = FloatVector.broadcast(F, AS_P);
        FloatVector a1 = FloatVector.broadcast(F, AS_A1), a2 = FloatVector.broadcast(F, AS_A2),
                a3 = FloatVector.broadcast(F, AS_A3), a4 = FloatVector.broadcast(F, AS_A4), a5 = FloatVector.broadcast(F, AS_A5);
        for (int b = 0; b < N; b += 1024) {
            for (int i = 0; i < 1024; i += 16) {
                FloatVector r = FloatVector.fromArray(F, x, b + i).mul(ONE_OVER_SQRT_TWO);
                r.mul(r).neg().intoArray(t, i);
            }
            if (LEVEL >= 1) {
                oneDnnExp(t, 1024);
            }
            if (LEVEL >= 2) {
                for (int i = 0; i < 1024; i += 16) {
                    FloatVector r = FloatVector.fromArray(F, x, b + i).mul(ONE_OVER_SQRT_TWO);
                    FloatVector q = FloatVector.fromArray(F, t, i);
                    FloatVector tt = r.mul(ONE_OVER_SQRT_PI).mul(q);
                    FloatVector den = p.fma(r.abs(), one);
                    FloatVector w = LEVEL >= 3 ? one.div(den) : den;
                    FloatVector poly = a5.fma(w, a4).fma(w, a3).fma(w, a2).fma(w, a1);
                    FloatVector erf = q.neg().mul(w).fma(poly, one).reinterpretAsInts()
                            .lanewise(VectorOperators.XOR, r.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
                    FloatVector out = erf.fma(half, tt.add(0.5f)).mul(FloatVector.fromArray(F, gy, b + i));
                    out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, b + i);
                }
            }
        }
    }

    static void oneDnnExp(float[] a, int n) {
        FloatVector max = FloatVector.broadcast(F, EXP_LN_FLT_MAX);
        FloatVector min = FloatVector.broadcast(F, EXP_LN_FLT_MIN);
        FloatVector ln2 = FloatVector.broadcast(F, EXP_LN2);
        FloatVector p1 = FloatVector.broadcast(F, EXP_P1), p2 = FloatVector.broadcast(F, EXP_P2),
                p3 = FloatVector.broadcast(F, EXP_P3), p4 = FloatVector.broadcast(F, EXP_P4), p5 = FloatVector.broadcast(F, EXP_P5);
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += 16) {
            FloatVector xv = FloatVector.fromArray(F, a, i);
            VectorMask<Float> underflow = xv.compare(VectorOperators.LT, EXP_LN_FLT_MIN);
            FloatVector c = max.blend(xv, xv.compare(VectorOperators.LT, EXP_LN_FLT_MAX));
            c = min.blend(c, c.compare(VectorOperators.GT, EXP_LN_FLT_MIN));
            FloatVector yv = c.mul(EXP_LOG2E).add(0.5f);
            FloatVector nearest = yv.add(ROUND).sub(ROUND);
            FloatVector fx = nearest.blend(nearest.sub(1f), nearest.compare(VectorOperators.GT, yv));
            FloatVector r = fx.neg().fma(ln2, c);
            IntVector e = (IntVector) fx.sub(1f).convert(VectorOperators.F2I, 0);
            FloatVector pow = e.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats().blend(0f, underflow);
            FloatVector pp = p5.fma(r, p4).fma(r, p3).fma(r, p2).fma(r, p1).fma(r, one);
            pp.mul(pow).mul(2f).intoArray(a, i);
        }
    }

    static final VectorSpecies<Float> L8 = FloatVector.SPECIES_256;

    /**
     * Main's SoftmaxVector.forward per row of 1024 (before the rewrite), passes: 0 max (serial 8-lane
     * compare/blend chain with the NaN mask), 1 + x − max stored, 2 + Sleef exp over the row, 3 + sum
     * (serial 8-lane add chain), 4 + scale by 1/sum.
     */
    static void softmax() {
        for (int off = 0; off < N; off += 1024) {
            FloatVector acc = FloatVector.fromArray(L8, x, off);
            VectorMask<Float> nan = acc.compare(VectorOperators.NE, acc);
            for (int i = 8; i < 1024; i += 8) {
                FloatVector v = FloatVector.fromArray(L8, x, off + i);
                nan = nan.or(v.compare(VectorOperators.NE, v));
                acc = v.blend(acc, acc.compare(VectorOperators.GT, v));
            }
            float max = nan.anyTrue() ? Float.NaN : acc.reduceLanes(VectorOperators.MAX);
            if (LEVEL == 0) {
                y[off] = max;
                continue;
            }
            for (int i = 0; i < 1024; i += 16) {
                FloatVector.fromArray(F, x, off + i).sub(max).intoArray(y, off + i);
            }
            if (LEVEL >= 2) {
                expBlock(y, off, 1024);
            }
            if (LEVEL >= 3) {
                FloatVector s = FloatVector.broadcast(L8, -0f);
                for (int i = 0; i < 1024; i += 8) {
                    s = s.add(FloatVector.fromArray(L8, y, off + i));
                }
                float inv = 1f / s.reduceLanes(VectorOperators.ADD);
                if (LEVEL >= 4) {
                    for (int i = 0; i < 1024; i += 16) {
                        FloatVector.fromArray(F, y, off + i).mul(inv).intoArray(y, off + i);
                    }
                } else {
                    y[off] += inv;
                }
            }
        }
    }

    /** ExpF's block loop (Sleef xexpf), in place. */
    static void expBlock(float[] a, int off, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = off; i < off + n; i += 16) {
            FloatVector d = FloatVector.fromArray(F, a, i);
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
            u = one.add(s.mul(s).fma(u, s));
            IntVector h = q.lanewise(VectorOperators.ASHR, 1);
            FloatVector p1 = h.add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector p2 = q.sub(h).add(0x7f).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            u.mul(p1).mul(p2).blend(0f, d.compare(VectorOperators.LT, -104f))
                    .blend(Float.POSITIVE_INFINITY, d.compare(VectorOperators.GT, 100f)).intoArray(a, i);
        }
    }

    /**
     * Core clock from dependent chains of known latency on Zen 4/5: vmulsd (3 cycles) and vfmadd (4),
     * each chain in its own method, called until C2 has compiled it, then the best of 40 calls.
     */
    static void calibrate() {
        double mul = Double.MAX_VALUE;
        double fma = Double.MAX_VALUE;
        double sink = 0;
        int n = 2_000_000;
        for (int trial = 0; trial < 400; trial++) {
            long t0 = System.nanoTime();
            sink += mulChain(n);
            long t1 = System.nanoTime();
            sink += fmaChain(n);
            long t2 = System.nanoTime();
            if (trial >= 100) {
                mul = Math.min(mul, (t1 - t0) / (double) n);
                fma = Math.min(fma, (t2 - t1) / (double) n);
            }
        }
        System.out.printf("calibrate: fmul chain %.4f ns/op -> %.3f GHz; fma chain %.4f ns/op -> %.3f GHz (%s)%n",
                mul, 3 / mul, fma, 4 / fma, sink);
    }

    static double mulChain(int n) {
        double d = 1;
        for (int i = 0; i < n; i++) {
            d *= 1.0000000001;
        }
        return d;
    }

    static double fmaChain(int n) {
        double d = 1;
        for (int i = 0; i < n; i++) {
            d = Math.fma(d, 0.9999999999, 1e-12);
        }
        return d;
    }

    static float[] normal(int n, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()) * scale);
        }
        return a;
    }
}
