package io.github.torchact.parity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

class PlotsTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** The x tick values XChart draws for a chart of an equally spaced grid over [min, max]. */
    private static List<Double> xTicks(double min, double max) {
        XYChart c = Plots.chart("t", "x", "y", min, max);
        double[] x = Plots.grid(min, max, Plots.FUNCTION_POINTS);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.sin(x[i]);
        }
        c.addSeries("s", x, y);
        List<Double> ticks = new ArrayList<>();
        Function<Double, String> label = c.getStyler().getxAxisTickLabelsFormattingFunction();
        c.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
            ticks.add(v);
            return label.apply(v);
        });
        BitmapEncoder.getBufferedImage(c);
        // XChart also formats the axis ends (to size the labels) and ticks beyond them; keep the drawn ones
        double lo = c.getStyler().getXAxisMin();
        double hi = c.getStyler().getXAxisMax();
        return ticks.stream().filter(t -> t > lo && t < hi).distinct().sorted().toList();
    }

    /** Whether v is a multiple of 1, 2 or 5 × 10^k: a round step. */
    private static boolean roundStep(double v) {
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        return d.unscaledValue().abs().toString().matches("[125]");
    }

    @ParameterizedTest
    @CsvSource({"-5, 5", "-2, 8", "-6, 6", "-10, 10", "-3, 3", "-1, 1", "-4, 4"})
    void xTicksAreRound(double min, double max) {
        List<Double> ticks = xTicks(min, max);
        assertTrue(ticks.size() >= 4, "ticks " + ticks);
        double step = ticks.get(1) - ticks.get(0);
        assertTrue(roundStep(Double.parseDouble(Plots.tickLabel(step))), "step " + step + " of " + ticks);
        for (double t : ticks) {
            double k = t / step;
            assertEquals(Math.rint(k), k, 1e-9, "tick " + t + " is not a multiple of " + step + ": " + ticks);
        }
    }

    @Test
    void tickLabelsCarryNoBinaryNoise() {
        assertEquals("0.3", Plots.tickLabel(0.30000000000000004));
        assertEquals("0", Plots.tickLabel(-0.0));
        assertEquals("-4", Plots.tickLabel(-4.0));
        assertEquals("2.5", Plots.tickLabel(2.5));
    }

    @Test
    void errorAxisTopsTheBoundAndTheLargestError() {
        assertEquals(1.5, Plots.yMax(1));
        assertEquals(2.5, Plots.yMax(2));
        assertEquals(10, Plots.yMax(8));
        assertEquals(1.5, Plots.yMax(0));   // a bitwise bound still gets an axis
        for (double top : new double[] {0.5, 1, 1.96, 3, 7.9, 120}) {
            assertTrue(Plots.yMax(top) > top, "yMax(" + top + ")");
        }
    }

    @Test
    void errorBinsKeepTheLargestErrorOfEachRunAndCountMismatches() {
        float[] x = {0, 1, 2, 3, 4, 5};
        double[] e = {0, 0.5, Double.POSITIVE_INFINITY, 0, 1, 0};
        Plots.ErrorBins b = Plots.ErrorBins.of(x, e, 3);
        assertEquals(List.of(1.0, 3.0, 4.0), java.util.Arrays.stream(b.x()).boxed().toList());
        assertEquals(List.of(0.5, 0.0, 1.0), java.util.Arrays.stream(b.error()).boxed().toList());
        assertEquals(1.0, b.max());
        assertEquals(1, b.mismatches());
    }
}
