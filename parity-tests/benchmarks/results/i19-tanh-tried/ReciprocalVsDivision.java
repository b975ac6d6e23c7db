public class Cmp {
    static final double TWO_A_MAX = 20, INV_LN2 = 0x1.71547652b82fep0, LN2 = 0x1.62e42fefa39efp-1, SHIFT = 0x1.8p52;
    static final double C2 = -1.0 / 2, C3 = 1.0 / 6, C4 = -1.0 / 24, C5 = 1.0 / 120, C6 = -1.0 / 720, C7 = 1.0 / 5040, C8 = -1.0 / 40320, C9 = 1.0 / 362880, C10 = -1.0 / 3628800;
    static float tanh(float x, boolean rcp) {
        if (x != x) return Float.NaN;
        double a = Math.abs((double) x); double a2 = a + a; if (a2 > TWO_A_MAX) a2 = TWO_A_MAX;
        double s = Math.fma(a2, INV_LN2, SHIFT); double j = s - SHIFT;
        double scale = Double.longBitsToDouble((1023 - Double.doubleToRawLongBits(s)) << 52);
        double u = Math.fma(j, -LN2, a2); double uu = u * u; double u4 = uu * uu;
        double p25 = Math.fma(uu, Math.fma(u, C5, C4), Math.fma(u, C3, C2));
        double p69 = Math.fma(uu, Math.fma(u, C9, C8), Math.fma(u, C7, C6));
        double p = Math.fma(u4, Math.fma(u4, C10, p69), p25);
        double w = Math.fma(uu, p, u);
        double num = Math.fma(scale, w, 1 - scale);
        double t;
        if (rcp) { double den = 2 - num; double r = 1f / (float) den; double q = num * r; t = Math.fma(Math.fma(q, num - 2, num), r, q); }
        else t = num / (2 - num);
        return Math.copySign((float) t, x);
    }
    public static void main(String[] a) {
        long diff = 0; double maxRel = 0;
        for (long b = 0; b < (1L << 31); b++) {   // non-negative floats; tanh is odd
            float x = Float.intBitsToFloat((int) b);
            float o = tanh(x, false), n = tanh(x, true);
            if (Float.floatToRawIntBits(o) != Float.floatToRawIntBits(n)) { if (diff++ < 10) System.out.println(x + " " + o + " " + n); }
        }
        System.out.println("differing non-negative inputs: " + diff);
    }
}
