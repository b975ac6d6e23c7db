package io.github.torchact.parity.report;

import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.row.Direction;
import io.github.torchact.parity.row.ParityPath;
import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.parity.row.RowStatus;
import io.github.torchact.spec.Tolerance;

/** Rows and comparisons built from hand-picked float32 values, for the report's formatting tests. */
final class ReportFixtures {

    private ReportFixtures() {}

    /** libtorch's {@code ref} against our {@code got} at inputs {@code x}, under {@code t}. */
    static Stats stats(Tolerance t, float[] x, float[] ref, float[] got) {
        return Stats.compare(t, HostTensor.vector(x), HostTensor.vector(ref), HostTensor.vector(got));
    }

    /** A comparison whose only difference is {@code ulps} float32 ulp at 1.0 (fraction ulps / bound). */
    static Stats ulpsOff(Tolerance t, int ulps) {
        float one = 1f;
        float off = Float.intBitsToFloat(Float.floatToRawIntBits(one) + ulps);
        return stats(t, new float[] {0.5f, 2f}, new float[] {one, 3f}, new float[] {off, 3f});
    }

    static ParityRow row(String activation, String dtype, Direction d, RowStatus status, Stats s) {
        return new ParityRow(activation, "", "", dtype, ParityPath.JAVA_KERNEL, d, status, s, null,
                status == RowStatus.FAIL ? "worst: x=1.0 (0x1.0p0): torch 1.0, got 2.0, mismatch" : "");
    }

    /** The rows of an activation whose f32 forward is {@code ulps} off under {@code t}, the rest bitwise. */
    static java.util.List<ParityRow> activation(String name, Tolerance t, int ulps) {
        Stats off = ulpsOff(t, ulps);
        RowStatus st = off.passed() ? RowStatus.PASS : RowStatus.FAIL;
        Stats exact = ulpsOff(t, 0);
        return java.util.List.of(
                row(name, "f32", Direction.FORWARD, st, off),
                row(name, "f32", Direction.BACKWARD, RowStatus.PASS, exact),
                row(name, "f64", Direction.FORWARD, RowStatus.PASS, exact),
                row(name, "f64", Direction.BACKWARD, RowStatus.PASS, exact));
    }
}
