package io.github.torchact.parity.row;

/** The outcome of one report row. */
public enum RowStatus {
    /** Within the spec's bound. */
    PASS,
    /** Out of bound: a parity failure. */
    FAIL,
    /** The catalog still has a {@code PendingKernel}: nothing to compare yet. */
    NO_KERNEL,
    /** The implementation threw (e.g. a block without autograd yet). */
    ERROR,
    /** torch defines no gradient (heaviside): nothing to compare. */
    SKIPPED
}
