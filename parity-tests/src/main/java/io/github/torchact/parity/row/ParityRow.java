package io.github.torchact.parity.row;

import io.github.torchact.parity.compare.Stats;

/**
 * One line of the parity table: an activation, parameter set, weight layout, dtype, path and
 * direction compared with libtorch.
 *
 * @param activation the catalog name
 * @param params the parameter values as PyTorch shows them
 * @param weights "", "shared" or "per-channel" for activations with a learnable tensor
 * @param dtype "f32" or "f64"
 * @param path the implementation checked
 * @param direction forward or backward
 * @param status the outcome
 * @param stats the comparison, or {@code null} when nothing was compared
 * @param spread libtorch's own vector path against its scalar path on the same inputs, or {@code null} when not measured
 * @param message why there is no comparison, or the worst offender of a failure
 */
public record ParityRow(
        String activation,
        String params,
        String weights,
        String dtype,
        ParityPath path,
        Direction direction,
        RowStatus status,
        Stats stats,
        Spread spread,
        String message) {

    /** Whether this row makes the run fail; {@code pendingFails} decides for rows without a kernel. */
    public boolean fails(boolean pendingFails) {
        return status == RowStatus.FAIL || status == RowStatus.ERROR || (pendingFails && status == RowStatus.NO_KERNEL);
    }
}
