package io.github.torchact.nn;

import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

/**
 * Applies the logarithm of the logistic sigmoid elementwise, computed stably.
 *
 * <p>{@code LogSigmoid(x) = log(1 / (1 + exp(-x)))}
 *
 * <p>Shape: Input (*), any shape; output the same shape.
 *
 * <p>PyTorch counterpart: {@code torch.nn.LogSigmoid}, and {@code toString()} is its repr.
 *
 * <p>On the PyTorch engine: libtorch's own operator, values and gradients bitwise equal to PyTorch's.
 * Elsewhere: the Java kernel, no gradient, within the bound against libtorch that {@link
 * Catalog#LOGSIGMOID} sets (the README's activation table lists it).
 */
public final class LogSigmoid extends ActivationBlock {

    /** {@code LogSigmoid()}. */
    public LogSigmoid() {
        this(Catalog.LOGSIGMOID.defaults());
    }

    LogSigmoid(Params params) {
        super(params, 0);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder for {@link LogSigmoid}. */
    public static final class Builder {

        Builder() {}

        /**
         * Builds the block.
         *
         * @return the block
         */
        public LogSigmoid build() {
            return new LogSigmoid();
        }
    }
}
