package io.github.torchact.parity.report;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.PendingKernel;
import io.github.torchact.parity.compare.Ulp;
import io.github.torchact.parity.inputs.StandardInputs;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Layout;
import io.github.torchact.spec.Params;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's pictures, drawn by XChart from libtorch's values: each activation and its derivative
 * over its plot range, and the Java kernel's float32 ulp error against x.
 */
public final class Plots {

    /** Grid points of the function plot (a multiple of 64: libtorch's vector path). */
    static final int FUNCTION_POINTS = 1024;
    /** Grid points of the error plot, float32. */
    static final int ERROR_POINTS = 8192;

    private Plots() {}

    /** Whether the activation maps x to f(x) elementwise, so a curve makes sense. */
    public static boolean plottable(ActivationSpec s) {
        return s.layout() != Layout.ALONG_DIM;
    }

    /** f and f' from libtorch (float64) over the plot range, written to {@code png}. */
    public static void function(ActivationSpec s, Params p, Path png) throws IOException {
        double[] x = grid(s.plotMin(), s.plotMax(), FUNCTION_POINTS);
        HostTensor xt = shaped(s, HostTensor.vector(x));
        HostTensor w = weight(s, false);
        TorchReference o = TorchReference.get();
        double[] y = o.forward(s, p, xt, w).f64();
        double[] ones = new double[x.length];
        java.util.Arrays.fill(ones, 1);
        XYChart c = chart(p.extraRepr().isEmpty() ? s.name() : s.name() + "(" + p.extraRepr() + ")", "x", "");
        series(c, s.name() + "(x)", x, y);
        if (s.differentiable()) {
            double[] dy = o.backward(s, p, xt, w, xt.like(ones, xt.shape())).input().f64();
            series(c, "d/dx (torch autograd)", x, dy);
        }
        BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * The Java kernel's float32 forward ulp distance from libtorch at every float32 of a dense grid over
     * the plot range; returns false (nothing drawn) when the catalog has no kernel yet.
     */
    public static boolean ulpError(ActivationSpec s, Params p, Path png) throws IOException {
        Kernel k = s.kernel(p);
        if (k instanceof PendingKernel) {
            return false;
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
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        long mismatches = 0;
        for (int i = 0; i < xf.length; i++) {
            long u = Ulp.distance(ref[i], got[i]);
            if (u == Ulp.INFINITE) {
                mismatches++;
                continue;
            }
            xs.add((double) xf[i]);
            ys.add((double) u);
        }
        XYChart c = chart(s.name() + ": Java kernel vs libtorch, float32 forward"
                + (mismatches > 0 ? " (" + mismatches + " NaN/sign mismatches not drawn)" : ""), "x", "ulp");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(3);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(Math.max(2.0, ys.stream().mapToDouble(Double::doubleValue).max().orElse(0) + 1));
        c.addSeries("ulp error", xs, ys).setMarker(SeriesMarkers.CIRCLE);
        BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(640).height(360).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setXAxisDecimalPattern("#0.##");
        return c;
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
