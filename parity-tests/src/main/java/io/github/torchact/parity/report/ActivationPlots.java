package io.github.torchact.parity.report;

import io.github.torchact.spec.Params;

/**
 * What was drawn for one activation.
 *
 * @param function the function plot's file name, or null
 * @param ulp the error plot's file name, or null
 * @param note why a plot is missing, or ""
 * @param params the parameter set plotted, or null
 */
public record ActivationPlots(String function, String ulp, String note, Params params) {}
