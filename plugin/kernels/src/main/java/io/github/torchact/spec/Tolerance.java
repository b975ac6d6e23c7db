package io.github.torchact.spec;

/**
 * How far a result may be from libtorch's: at most {@code ulps} units in the last place of a scale.
 *
 * <p>{@link Scale#RESULT} measures in ulps of the reference value itself (the usual "within k ulp").
 * Where libtorch's own formula cancels (tanhshrink, gelu tails, softmax), the error is stated against
 * the largest intermediate term: {@link Scale#INPUT_OR_RESULT} uses {@code ulp(max(|x|, |ref|))} and
 * {@link Scale#UNIT} uses {@code ulp(1)}; for gradients computed from the output (tanh's {@code
 * gy·(1 − y²)}), {@link Scale#UPSTREAM_OR_RESULT} uses {@code ulp(max(|gy|, |ref|))}. Zero ulps means bitwise equality, signed zeros included.
 * In every case NaN must be where libtorch has NaN and infinities must match with their sign.
 *
 * @param ulps the number of ulps allowed
 * @param scale what the ulps are ulps of
 */
public record Tolerance(int ulps, Scale scale) {

    /** Bitwise equal, +0 and -0 told apart. */
    public static final Tolerance BITWISE = new Tolerance(0, Scale.RESULT);

    /** What the ulps of a tolerance are measured against. */
    public enum Scale {
        /** ulp of libtorch's result. */
        RESULT,
        /** ulp of the larger of |input| and |libtorch's result|. */
        INPUT_OR_RESULT,
        /** ulp of 1 in the dtype. */
        UNIT,
        /** ulp of the larger of |upstream gradient| and |libtorch's result| (backward only). */
        UPSTREAM_OR_RESULT,
        /**
         * ulp of the larger of S and |libtorch's result|, S the magnitude of the terms libtorch rounds, given per
         * element by the check (the Funnel kernel: a convolution's sum of |w·x|).
         */
        TERMS_OR_RESULT
    }

    /** {@code k} ulps of max(S, |y|), S the magnitude of the rounded terms ({@link Scale#TERMS_OR_RESULT}). */
    public static Tolerance ulpsOfTerms(int k) {
        return new Tolerance(k, Scale.TERMS_OR_RESULT);
    }

    /** Refuses a negative ulp count. */
    public Tolerance {
        if (ulps < 0) {
            throw new IllegalArgumentException("ulps must be >= 0, got " + ulps);
        }
    }

    /** Within {@code k} ulps of libtorch's result. */
    public static Tolerance ulps(int k) {
        return new Tolerance(k, Scale.RESULT);
    }

    /** Within {@code k} ulps of max(|x|, |result|). */
    public static Tolerance ulpsOfInput(int k) {
        return new Tolerance(k, Scale.INPUT_OR_RESULT);
    }

    /** Within {@code k} ulps of 1. */
    public static Tolerance ulpsOfOne(int k) {
        return new Tolerance(k, Scale.UNIT);
    }

    /** Within {@code k} ulps of max(|gy|, |result|): a gradient whose formula cancels against gy. */
    public static Tolerance ulpsOfUpstream(int k) {
        return new Tolerance(k, Scale.UPSTREAM_OR_RESULT);
    }

    /** Whether every bit must match. */
    public boolean isBitwise() {
        return ulps == 0 && scale == Scale.RESULT;
    }

    @Override
    public String toString() {
        if (isBitwise()) {
            return "bitwise";
        }
        switch (scale) {
            case INPUT_OR_RESULT:
                return ulps + " ulp of max(|x|,|y|)";
            case UNIT:
                return ulps + " ulp of 1";
            case UPSTREAM_OR_RESULT:
                return ulps + " ulp of max(|gy|,|y|)";
            case TERMS_OR_RESULT:
                return ulps + " ulp of max(S,|y|), S the rounded terms' magnitude";
            default:
                return ulps + " ulp";
        }
    }
}
