package io.github.torchact.kernel.math;

/** All non-negative floats: Sleef's tanhf vs tanh evaluated in float64 (TanhViaDoubleF's t) rounded once. */
public class SleefVsDouble {
    static double t(float x) {
        double a = Math.abs((double) x), a2 = a + a;
        if (a2 > TanhViaDoubleF.TWO_A_MAX) a2 = TanhViaDoubleF.TWO_A_MAX;
        double s = Math.fma(a2, TanhViaDoubleF.INV_LN2, TanhViaDoubleF.SHIFT), j = s - TanhViaDoubleF.SHIFT;
        double scale = Double.longBitsToDouble((1023 - Double.doubleToRawLongBits(s)) << 52);
        double u = Math.fma(j, -TanhViaDoubleF.LN2, a2), uu = u * u, u4 = uu * uu;
        double p25 = Math.fma(uu, Math.fma(u, TanhViaDoubleF.C5, TanhViaDoubleF.C4), Math.fma(u, TanhViaDoubleF.C3, TanhViaDoubleF.C2));
        double p69 = Math.fma(uu, Math.fma(u, TanhViaDoubleF.C9, TanhViaDoubleF.C8), Math.fma(u, TanhViaDoubleF.C7, TanhViaDoubleF.C6));
        double p = Math.fma(u4, Math.fma(u4, TanhViaDoubleF.C10, p69), p25);
        double w = Math.fma(uu, p, u);
        double num = Math.fma(scale, w, 1 - scale);
        return num / (2 - num);
    }
    public static void main(String[] args) {
        int lo = Integer.parseInt(args[0]), hi = Integer.parseInt(args[1]); // binade range of x (biased exponent)
        for (int e = lo; e <= hi; e++) {
            long diff = 0; long maxD = -1; long minD = Long.MAX_VALUE; long[] flagged = new long[8];
            for (int m = 0; m < (1 << 23); m++) {
                float x = Float.intBitsToFloat((e << 23) | m);
                float sl = SleefF.tanh(x);
                double t = t(x);
                float f = (float) t;
                long low = Double.doubleToRawLongBits(t) & ((1L << 29) - 1);
                long d = Math.abs(low - (1L << 28));
                for (int k = 0; k < 8; k++) if (d < (1L << (12 + 2 * k))) flagged[k]++;
                if (Float.floatToRawIntBits(sl) != Float.floatToRawIntBits(f)) {
                    diff++; maxD = Math.max(maxD, d); minD = Math.min(minD, d);
                }
            }
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 8; k++) sb.append(" <2^").append(12 + 2 * k).append(':').append(flagged[k]);
            System.out.println("exp " + (e - 127) + ": diff " + diff + " maxD " + (maxD < 0 ? "-" : String.format("2^%.1f", Math.log(maxD + 1) / Math.log(2))) + sb);
        }
    }
}
