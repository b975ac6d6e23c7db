package io.github.torchact.spec;

/** How an activation reads its input. */
public enum Layout {
    /** Each output element depends on its input element alone. */
    ELEMENTWISE,
    /** Elementwise, with a learnable weight shared or per channel (axis 1): PReLU, Flexible ReLU. */
    CHANNEL_WEIGHTED,
    /** Along one dimension {@code dim}: the softmax family and GLU. */
    ALONG_DIM
}
