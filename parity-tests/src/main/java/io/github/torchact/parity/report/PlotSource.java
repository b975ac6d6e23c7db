package io.github.torchact.parity.report;

import java.io.IOException;

/** The plots of an activation by name: the page asks, {@link PlotJobs} answers once they are drawn. */
@FunctionalInterface
public interface PlotSource {

    /** The plots of activation {@code name}, waiting for them if they are still being drawn. */
    ActivationPlots get(String name) throws IOException;
}
