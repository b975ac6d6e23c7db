package io.github.torchact.kernel.impl;

/**
 * relu6(x) = min(max(x, 0), 6): libtorch implements {@code relu6} as {@code hardtanh(x, 0, 6)}
 * (aten/src/ATen/native/Activation.cpp), so it inherits hardtanh's conventions: relu6(-0) = -0,
 * NaN propagates, and the gradient is 0 at both x = 0 and x = 6.
 */
public final class Relu6 extends Hardtanh {

    /** ReLU6: min(max(0, x), 6). */
    public Relu6() {
        super(0, 6);
    }
}
