package io.github.torchact.kernel;

import java.util.Objects;

/**
 * The argument checks every kernel runs before computing, so that misuse fails the same way
 * everywhere (see {@link Kernel}): null arrays with a {@link NullPointerException} naming the
 * argument, overlapping ranges with an {@link IllegalArgumentException}.
 *
 * <p>Overlap is checked by array identity and index ranges, a few compares per call: an output range
 * may coincide exactly with an input range (same array, offset and length: in place), and must
 * otherwise share no element with any input or other output in the same array.
 */
public final class KernelArgs {

    private KernelArgs() {}

    /** {@code a}, or a {@link NullPointerException} whose message is {@code name}. */
    public static <T> T nonNull(T a, String name) {
        return Objects.requireNonNull(a, name);
    }

    /**
     * The arrays of {@code arrays} (weights or weight gradients), each non-null, or a {@link
     * NullPointerException} naming the array or its element ({@code weights[0]}).
     */
    public static <T> T[] nonNullElements(T[] arrays, String name) {
        Objects.requireNonNull(arrays, name);
        for (int k = 0; k < arrays.length; k++) {
            if (arrays[k] == null) {
                throw new NullPointerException(name + "[" + k + "]");
            }
        }
        return arrays;
    }

    /**
     * Refuses an output range that overlaps an input range of the same array other than exactly (in
     * place: same offset and length). Ranges have been checked to lie inside their arrays.
     *
     * @throws IllegalArgumentException naming both ranges
     */
    public static void checkOverlap(Object out, int outOff, int outLen, String outName,
            Object in, int inOff, int inLen, String inName) {
        if (out != in || (outOff == inOff && outLen == inLen)) {
            return;
        }
        refuseOverlap(outOff, outLen, outName, inOff, inLen, inName, "only exactly in place (same offset and length) is supported");
    }

    /**
     * Refuses two output ranges (or an output and a weight gradient) of the same array that share an
     * element, even identical ones.
     *
     * @throws IllegalArgumentException naming both ranges
     */
    public static void checkDisjoint(Object a, int aOff, int aLen, String aName, Object b, int bOff, int bLen, String bName) {
        if (a == b) {
            refuseOverlap(aOff, aLen, aName, bOff, bLen, bName, "two outputs cannot share elements");
        }
    }

    private static void refuseOverlap(int aOff, int aLen, String aName, int bOff, int bLen, String bName, String rule) {
        if (aLen > 0 && bLen > 0 && aOff < bOff + bLen && bOff < aOff + aLen) {
            throw new IllegalArgumentException(aName + " [" + aOff + ", " + (aOff + aLen) + ") overlaps " + bName + " ["
                    + bOff + ", " + (bOff + bLen) + ") in the same array; " + rule);
        }
    }

    /**
     * Checks a shape-API forward: {@code y}'s first {@code yLen} elements against {@code x}'s first
     * {@code xLen} and each weight (all from offset 0).
     */
    public static void checkForward(Object x, int xLen, Object[] weights, Object y, int yLen) {
        checkOverlap(y, 0, yLen, "y", x, 0, xLen, "x");
        for (int k = 0; k < weights.length; k++) {
            checkOverlap(y, 0, yLen, "y", weights[k], 0, java.lang.reflect.Array.getLength(weights[k]), "weights[" + k + "]");
        }
    }

    /**
     * Checks a shape-API backward: {@code gx} (first {@code gxLen}) and each {@code gw[k]} (the
     * length of {@code weights[k]}) against the inputs x, gy and the weights, and against each other.
     */
    public static void checkBackward(Object x, int xLen, Object[] weights, Object gy, int gyLen, Object gx, int gxLen,
            Object[] gw) {
        checkOverlap(gx, 0, gxLen, "gx", x, 0, xLen, "x");
        checkOverlap(gx, 0, gxLen, "gx", gy, 0, gyLen, "gy");
        for (int k = 0; k < weights.length; k++) {
            int wLen = java.lang.reflect.Array.getLength(weights[k]);
            checkOverlap(gx, 0, gxLen, "gx", weights[k], 0, wLen, "weights[" + k + "]");
            if (k < gw.length) {
                String g = "gw[" + k + "]";
                checkOverlap(gw[k], 0, wLen, g, x, 0, xLen, "x");
                checkOverlap(gw[k], 0, wLen, g, gy, 0, gyLen, "gy");
                checkDisjoint(gw[k], 0, wLen, g, gx, 0, gxLen, "gx");
                for (int j = 0; j < weights.length; j++) {
                    checkOverlap(gw[k], 0, wLen, g, weights[j], 0, java.lang.reflect.Array.getLength(weights[j]),
                            "weights[" + j + "]");
                }
                for (int j = 0; j < k; j++) {
                    checkDisjoint(gw[k], 0, wLen, g, gw[j], 0, java.lang.reflect.Array.getLength(gw[j]), "gw[" + j + "]");
                }
            }
        }
    }
}
