package io.github.torchact.spec;

import java.math.BigDecimal;

/** Numbers written the way Python's {@code repr} writes them (shortest round-trip form). */
public final class PyRepr {

    private PyRepr() {}

    /** {@code repr(float(v))} or {@code repr(int(v))}. */
    public static String of(double v, Param.Kind kind) {
        return kind == Param.Kind.INT ? Long.toString((long) v) : of(v);
    }

    /** Python's {@code repr} of a float: 1.0, 0.01, 1e-05, 1e+16, inf, nan. */
    public static String of(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0.0" : "0.0";
        }
        // Java's Double.toString is also shortest round-trip; only the layout differs.
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - d.scale(); // decimal exponent of the first digit
        String sign = v < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        String plain = d.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }
}
