package io.github.torchact.parity.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.PendingKernel;
import io.github.torchact.nn.ActivationBlock;
import io.github.torchact.parity.compare.DjlRun;
import io.github.torchact.parity.compare.KernelRun;
import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.parity.inputs.UnpaddedInputs;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.parity.row.Direction;
import io.github.torchact.parity.row.ParityPath;
import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.parity.row.RowStatus;
import io.github.torchact.parity.row.Spread;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Params;
import io.github.torchact.spec.Tolerance;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The parity table: every activation × parameter set × weight layout × dtype × path × direction
 * compared with libtorch on the standard adversarial inputs ({@link ParityCase#standard}).
 */
public final class ParitySuite implements AutoCloseable {

    private final TorchReference oracle;
    private final ScalarPathOracle scalarPath;
    private final NDManager manager;

    /** A suite over {@code specs}; loads libtorch and the scalar-path module. */
    public ParitySuite(Collection<ActivationSpec> specs) {
        this.oracle = TorchReference.get();
        List<Params> sets = new ArrayList<>();
        specs.forEach(s -> sets.addAll(s.paramSets()));
        this.scalarPath = new ScalarPathOracle(sets);
        this.manager = NDManager.newBaseManager("PyTorch");
    }

    /** The cases of the table, in catalog order: f32 then f64, shared then per-channel weights. */
    public static List<ParityCase> cases(Collection<ActivationSpec> specs) {
        List<ParityCase> cases = new ArrayList<>();
        for (ActivationSpec s : specs) {
            for (Params p : s.paramSets()) {
                for (boolean f64 : new boolean[] {false, true}) {
                    cases.add(ParityCase.standard(s, p, f64, false));
                    if (s.weight() != null) {
                        cases.add(ParityCase.standard(s, p, f64, true));
                    }
                }
            }
        }
        return cases;
    }

    /** The rows of one case: both paths, both directions. */
    public List<ParityRow> run(ParityCase c) {
        List<ParityRow> rows = new ArrayList<>();
        HostTensor refF;
        HostTensor refB = null;
        try {
            refF = oracle.forward(c.spec(), c.params(), c.x(), c.weight());
            if (c.spec().differentiable()) {
                refB = oracle.backward(c.spec(), c.params(), c.x(), c.weight(), c.gy()).input();
            }
        } catch (RuntimeException e) {
            for (ParityPath path : ParityPath.values()) {
                for (Direction d : Direction.values()) {
                    rows.add(row(c, path, d, RowStatus.ERROR, null, "oracle: " + e.getMessage()));
                }
            }
            return rows;
        }
        Spread spreadF = null;
        Spread spreadB = null;
        if (ScalarPathOracle.supports(c.params())) {
            spreadF = Spread.of(c.x(), refF, scalarPath.forward(c.params(), c.x()));
            if (refB != null) {
                spreadB = Spread.of(c.x(), refB, scalarPath.backward(c.params(), c.x(), c.gy()));
            }
        }
        for (ParityPath path : List.of(ParityPath.JAVA_KERNEL, ParityPath.DJL_BLOCK)) {
            rows.add(withSpread(compare(c, path, Direction.FORWARD, refF), spreadF));
            rows.add(withSpread(compare(c, path, Direction.BACKWARD, refB), spreadB));
        }
        // Unpadded inputs carry per-channel weights, so the shared-weight case has no unpadded rows.
        if (c.weight() == null || c.weight().size() > 1) {
            rows.add(unpadded(c, Direction.FORWARD));
            rows.add(unpadded(c, Direction.BACKWARD));
        }
        return rows;
    }

    /** The Java kernel against libtorch on every unpadded length, merged into one row. */
    private ParityRow unpadded(ParityCase c, Direction d) {
        ParityPath path = ParityPath.JAVA_KERNEL_UNPADDED;
        boolean backward = d == Direction.BACKWARD;
        if (backward && !c.spec().differentiable()) {
            return row(c, path, d, RowStatus.SKIPPED, null, "torch defines no gradient");
        }
        Kernel k = c.spec().kernel(c.params());
        if (k instanceof PendingKernel) {
            return row(c, path, d, RowStatus.NO_KERNEL, null, "no Java kernel yet");
        }
        Tolerance t = c.spec().bounds().get(c.isF64(), backward);
        try {
            Stats all = new Stats(t);
            for (ParityCase u : UnpaddedInputs.cases(c.spec(), c.params(), c.isF64())) {
                HostTensor ref = backward ? oracle.backward(u.spec(), u.params(), u.x(), u.weight(), u.gy()).input()
                        : oracle.forward(u.spec(), u.params(), u.x(), u.weight());
                HostTensor got = backward ? KernelRun.backward(k, u).input() : KernelRun.forward(k, u);
                all = all.merge(Stats.compare(t, u.x(), backward ? u.gy() : null, ref, got));
            }
            String msg = all.worst().isEmpty() ? "" : "worst: " + all.worst().get(0);
            return row(c, path, d, all.passed() ? RowStatus.PASS : RowStatus.FAIL, all, msg);
        } catch (RuntimeException e) {
            return row(c, path, d, RowStatus.ERROR, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private ParityRow compare(ParityCase c, ParityPath path, Direction d, HostTensor ref) {
        boolean backward = d == Direction.BACKWARD;
        if (backward && !c.spec().differentiable()) {
            return row(c, path, d, RowStatus.SKIPPED, null, "torch defines no gradient");
        }
        Tolerance t = c.spec().bounds().get(c.isF64(), backward);
        try {
            HostTensor got = path == ParityPath.JAVA_KERNEL ? runKernel(c, backward) : runBlock(c, backward);
            if (got == null) {
                return row(c, path, d, RowStatus.NO_KERNEL, null, "no Java kernel yet");
            }
            Stats s = Stats.compare(t, c.x(), backward ? c.gy() : null, ref, got);
            String msg = s.worst().isEmpty() ? "" : "worst: " + s.worst().get(0);
            return row(c, path, d, s.passed() ? RowStatus.PASS : RowStatus.FAIL, s, msg);
        } catch (UnsupportedOperationException e) {
            return row(c, path, d, RowStatus.NO_KERNEL, null, String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            return row(c, path, d, RowStatus.ERROR, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Compares a kernel (the catalog's or any other) with libtorch on one case. */
    public static Stats checkKernel(Kernel k, ParityCase c, Direction d) {
        TorchReference o = TorchReference.get();
        boolean backward = d == Direction.BACKWARD;
        Tolerance t = c.spec().bounds().get(c.isF64(), backward);
        if (backward) {
            HostTensor ref = o.backward(c.spec(), c.params(), c.x(), c.weight(), c.gy()).input();
            return Stats.compare(t, c.x(), c.gy(), ref, KernelRun.backward(k, c).input());
        }
        return Stats.compare(t, c.x(), o.forward(c.spec(), c.params(), c.x(), c.weight()), KernelRun.forward(k, c));
    }

    private static HostTensor runKernel(ParityCase c, boolean backward) {
        Kernel k = c.spec().kernel(c.params());
        if (k instanceof PendingKernel) {
            return null;
        }
        return backward ? KernelRun.backward(k, c).input() : KernelRun.forward(k, c);
    }

    private HostTensor runBlock(ParityCase c, boolean backward) {
        try (NDManager m = manager.newSubManager()) {
            UnaryOperator<NDArray> f = block(c, m);
            return backward ? DjlRun.backward(m, f, c.x(), c.gy()) : DjlRun.forward(m, f, c.x());
        }
    }

    /** {@code ActivationBlock.of(...)} initialised for the case, its weight set to the case's weight. */
    static UnaryOperator<NDArray> block(ParityCase c, NDManager m) {
        HostTensor w = c.weight();
        ActivationBlock b = w == null ? ActivationBlock.of(c.params()) : ActivationBlock.of(c.params(), w.size());
        b.initialize(m, c.x().dataType(), new Shape(c.x().shape()));
        if (w != null) {
            Parameter p = b.getParameters().get(c.spec().weight().name());
            NDArray a = p.getArray();
            if (w.isF64()) {
                a.set(DoubleBuffer.wrap(w.f64()));
            } else {
                a.set(FloatBuffer.wrap(w.f32()));
            }
        }
        ParameterStore ps = new ParameterStore(m, false);
        return x -> b.forward(ps, new NDList(x), false).singletonOrThrow();
    }

    /** The row with libtorch's scalar↔vector spread; an input where torch disagrees with itself joins the note. */
    private static ParityRow withSpread(ParityRow r, Spread spread) {
        if (spread == null) {
            return r;
        }
        String note = r.message();
        if (!spread.worst().isEmpty()) {
            note = (note.isEmpty() ? "" : note + "; ") + "torch scalar path differs at " + spread.worst();
        }
        return new ParityRow(r.activation(), r.params(), r.weights(), r.dtype(), r.path(), r.direction(), r.status(),
                r.stats(), spread, note);
    }

    private static ParityRow row(ParityCase c, ParityPath path, Direction d, RowStatus st, Stats s, String msg) {
        String weights = c.weight() == null ? "" : c.weight().size() == 1 ? "shared" : "per-channel";
        return new ParityRow(c.spec().name(), c.params().extraRepr(), weights, c.isF64() ? "f64" : "f32",
                path, d, st, s, null, msg);
    }

    @Override
    public void close() {
        scalarPath.close();
        manager.close();
    }
}
