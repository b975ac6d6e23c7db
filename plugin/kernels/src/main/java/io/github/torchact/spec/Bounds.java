package io.github.torchact.spec;

/**
 * The parity bound an activation must meet against libtorch, per dtype and direction.
 *
 * @param forwardF32 float32 forward
 * @param forwardF64 float64 forward
 * @param backwardF32 float32 gradient
 * @param backwardF64 float64 gradient
 */
public record Bounds(
        Tolerance forwardF32, Tolerance forwardF64, Tolerance backwardF32, Tolerance backwardF64) {

    /** Bitwise in every dtype and direction: the piecewise-linear activations. */
    public static final Bounds BITWISE =
            new Bounds(Tolerance.BITWISE, Tolerance.BITWISE, Tolerance.BITWISE, Tolerance.BITWISE);

    /** The same tolerance everywhere. */
    public static Bounds all(Tolerance t) {
        return new Bounds(t, t, t, t);
    }

    /** One tolerance forward, another backward, the same for both dtypes. */
    public static Bounds of(Tolerance forward, Tolerance backward) {
        return new Bounds(forward, forward, backward, backward);
    }

    /**
     * The bound in words, as the docs and javadoc state it: one phrase when every dtype and direction
     * share it, else per direction (and per dtype where they differ).
     */
    public String describe() {
        if (forwardF32.equals(forwardF64) && backwardF32.equals(backwardF64)) {
            return forwardF32.equals(backwardF32) ? forwardF32.toString()
                    : "forward " + forwardF32 + ", backward " + backwardF32;
        }
        return "forward " + forwardF32 + " (f32), " + forwardF64 + " (f64); backward " + backwardF32
                + " (f32), " + backwardF64 + " (f64)";
    }

    /** The tolerance for a dtype ({@code true} for float64) and direction. */
    public Tolerance get(boolean f64, boolean backward) {
        if (backward) {
            return f64 ? backwardF64 : backwardF32;
        }
        return f64 ? forwardF64 : forwardF32;
    }
}
