package io.github.torchact.parity.report;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.PendingKernel;
import io.github.torchact.parity.compare.Verdict;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Layout;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.StandardInputs;
import io.github.torchact.spec.Tolerance;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The report's pictures, drawn by XChart from libtorch's values: each activation and its derivative
 * over its plot range, and the Java kernel's float32 forward error in the unit of its bound, with
 * the bound drawn as a line. Building a chart calls libtorch (keep it on the thread that runs the
 * parity table: DJL allows one gradient collector at a time); rendering it ({@link #save}) does not.
 */
public final class Plots {

    /** Grid points of the function plot (a multiple of 64: libtorch's vector path). */
    static final int FUNCTION_POINTS = 1024;
    /** Grid points of the error plot, float32. */
    static final int ERROR_POINTS = 8192;
    /** Error plot columns: the largest error of each run of grid points is drawn (about one per pixel). */
    static final int ERROR_BINS = 512;

    private Plots() {}

    /** Whether the activation maps x to f(x) elementwise, so a curve makes sense. */
    public static boolean plottable(ActivationSpec s) {
        return s.layout() != Layout.ALONG_DIM;
    }

    /** Renders a chart to a PNG file. */
    public static void save(XYChart c, Path png) throws IOException {
        BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** f and f' from libtorch (float64) over the plot range. */
    public static XYChart function(ActivationSpec s, Params p) {
        double[] x = grid(s.plotMin(), s.plotMax(), FUNCTION_POINTS);
        HostTensor xt = shaped(s, HostTensor.vector(x));
        HostTensor w = weight(s, false);
        TorchReference o = TorchReference.get();
        double[] y = o.forward(s, p, xt, w).f64();
        double[] ones = new double[x.length];
        Arrays.fill(ones, 1);
        XYChart c = chart(p.extraRepr().isEmpty() ? s.name() : s.name() + "(" + p.extraRepr() + ")", "x", "",
                s.plotMin(), s.plotMax());
        series(c, s.name() + "(x)", x, y);
        if (s.differentiable()) {
            double[] dy = o.backward(s, p, xt, w, xt.like(ones, xt.shape())).input().f64();
            series(c, "d/dx (torch autograd)", x, dy);
        }
        return c;
    }

    /**
     * The Java kernel's float32 forward error against libtorch at every float32 of a dense grid over
     * the plot range, in the unit of the float32 forward bound, with the bound as a red line; null
     * when the catalog has no kernel yet.
     */
    public static XYChart ulpError(ActivationSpec s, Params p) {
        Kernel k = s.kernel(p);
        if (k instanceof PendingKernel) {
            return null;
        }
        double[] g = grid(s.plotMin(), s.plotMax(), ERROR_POINTS);
        float[] xf = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            xf[i] = (float) g[i];
        }
        HostTensor xt = shaped(s, HostTensor.vector(xf));
        HostTensor w = weight(s, true);
        float[] ref = TorchReference.get().forward(s, p, xt, w).f32();
        float[] got = new float[xf.length];
        k.forward(xf, xt.shape(), w == null ? new float[0][] : new float[][] {w.f32()}, got);
        Tolerance t = s.bounds().get(false, false);
        double[] error = new double[xf.length];
        for (int i = 0; i < xf.length; i++) {
            error[i] = Verdict.error(t, xf[i], ref[i], got[i], false);
        }
        ErrorBins bins = ErrorBins.of(xf, error, ERROR_BINS);
        String unit = t.isBitwise() ? "ulp" : t.toString().substring(String.valueOf(t.ulps()).length() + 1);
        XYChart c = chart(s.name() + ": Java kernel vs libtorch, float32 forward"
                + (bins.mismatches() > 0 ? " (" + bins.mismatches() + " NaN/∞ mismatches not drawn)" : ""),
                "x", "error (" + unit + ")", s.plotMin(), s.plotMax());
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(yMax(Math.max(t.ulps(), bins.max())));
        XYSeries e = c.addSeries("largest error per " + ERROR_POINTS / ERROR_BINS + " points", bins.x(), bins.error());
        e.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        e.setMarker(SeriesMarkers.CIRCLE);
        c.getStyler().setMarkerSize(4);
        XYSeries b = c.addSeries("bound: " + t, new double[] {s.plotMin(), s.plotMax()}, new double[] {t.ulps(), t.ulps()});
        b.setMarker(SeriesMarkers.NONE);
        b.setLineColor(new Color(0xcc, 0, 0));
        b.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        return c;
    }

    /** The largest error of each run of consecutive grid points, NaN/∞ mismatches counted apart. */
    record ErrorBins(double[] x, double[] error, double max, long mismatches) {

        static ErrorBins of(float[] x, double[] error, int bins) {
            int per = Math.max(1, (x.length + bins - 1) / bins);
            List<Double> bx = new ArrayList<>();
            List<Double> be = new ArrayList<>();
            double max = 0;
            long mismatches = 0;
            for (int start = 0; start < x.length; start += per) {
                int at = -1;
                for (int i = start; i < Math.min(x.length, start + per); i++) {
                    if (Double.isInfinite(error[i])) {
                        mismatches++;
                    } else if (at < 0 || error[i] > error[at]) {
                        at = i;
                    }
                }
                if (at >= 0) {
                    bx.add((double) x[at]);
                    be.add(error[at]);
                    max = Math.max(max, error[at]);
                }
            }
            return new ErrorBins(bx.stream().mapToDouble(Double::doubleValue).toArray(),
                    be.stream().mapToDouble(Double::doubleValue).toArray(), max, mismatches);
        }
    }

    /** The top of the error axis: a round value above both the bound and the largest error. */
    static double yMax(double top) {
        double v = Math.max(1, top) * 1.25;
        double step = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * step >= v) {
                return m * step;
            }
        }
        return 10 * step;
    }

    /**
     * An XY chart whose x axis shows round ticks. XChart places ticks on data points when the x
     * values are equally spaced (a plot grid is), which gives labels like -4.33, -3.65; padding the
     * axis by 2% on each side makes it choose round 1-2-5 steps instead.
     */
    static XYChart chart(String title, String xTitle, String yTitle, double xMin, double xMax) {
        XYChart c = new XYChartBuilder().width(640).height(360).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Styler st = c.getStyler();
        st.setLegendPosition(Styler.LegendPosition.InsideNW);
        st.setChartBackgroundColor(Color.WHITE);
        double pad = (xMax - xMin) * 0.02;
        c.getStyler().setXAxisMin(xMin - pad);
        c.getStyler().setXAxisMax(xMax + pad);
        c.getStyler().setxAxisTickLabelsFormattingFunction(Plots::tickLabel);
        c.getStyler().setyAxisTickLabelsFormattingFunction(Plots::tickLabel);
        return c;
    }

    /** A tick value without binary noise: 0.30000000000000004 → "0.3", -0 → "0", 1e6 → "1000000". */
    static String tickLabel(Double v) {
        if (v == 0) {
            return "0";
        }
        return new BigDecimal(v).round(new MathContext(10)).stripTrailingZeros().toPlainString();
    }

    private static void series(XYChart c, String name, double[] x, double[] y) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(y[i])) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        c.addSeries(name, xs, ys).setMarker(SeriesMarkers.NONE);
    }

    static double[] grid(double min, double max, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = StandardInputs.round(min + (max - min) * i / (n - 1), true);
        }
        return g;
    }

    /** Channel-weighted activations take [1, 1, n] with one shared weight; others a vector. */
    private static HostTensor shaped(ActivationSpec s, HostTensor v) {
        if (s.layout() != Layout.CHANNEL_WEIGHTED) {
            return v;
        }
        return v.isF64() ? HostTensor.of(v.f64(), 1, 1, v.size()) : HostTensor.of(v.f32(), 1, 1, v.size());
    }

    private static HostTensor weight(ActivationSpec s, boolean f32) {
        if (s.weight() == null) {
            return null;
        }
        double w = s.weight().init() == 0 ? 0.5 : s.weight().init();
        return f32 ? HostTensor.of(new float[] {(float) w}, 1) : HostTensor.of(new double[] {w}, 1);
    }
}
