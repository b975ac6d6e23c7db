package io.github.torchact.parity.row;

import java.math.BigDecimal;
import java.math.MathContext;

/** How the report writes a measured number. */
public final class NumberText {

    private NumberText() {}

    /** Three significant digits without float noise or trailing zeros: 0.5, 1, 0.00391, 2.9e-07; NaN and ∞ spelled. */
    public static String of(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        }
        return String.format("%.2g", v).replace("e-0", "e-").replace("e+0", "e").replace("e+", "e");
    }
}
