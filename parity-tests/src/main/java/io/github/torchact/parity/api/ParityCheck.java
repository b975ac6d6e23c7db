package io.github.torchact.parity.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import io.github.torchact.parity.compare.DjlRun;
import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.row.Direction;
import io.github.torchact.parity.row.ParityPath;
import io.github.torchact.parity.row.ParityRow;
import io.github.torchact.parity.row.RowStatus;
import io.github.torchact.spec.StandardInputs;
import io.github.torchact.spec.Tolerance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Checks any elementwise DJL computation against a libtorch expression on the parity suite's standard
 * adversarial inputs, forward and backward, float32 and float64:
 *
 * <pre>{@code
 * ParityResult r = ParityCheck.of(myBlock)
 *         .against("torch.gelu(x, approximate=\"tanh\")")
 *         .tolerance(Tolerance.ulps(1))
 *         .run();
 * r.assertPassed();
 * }</pre>
 *
 * <p>The expression is TorchScript in {@code x} calling {@code torch.<ATen op>} builtins (see {@link
 * ExpressionOracle}); {@code torch.nn.functional.*} is Python and is refused with a hint. The JVM
 * must run with the pinned reference: env {@code ATEN_CPU_CAPABILITY=avx2} (or {@code avx512} on an
 * AVX-512 CPU, see {@link io.github.torchact.parity.oracle.OracleEnvironment}) and {@code
 * -Dai.djl.pytorch.num_threads=1 -Dai.djl.offline=true}; the computation runs on the default engine.
 */
public final class ParityCheck {

    private final String label;
    private final UnaryOperator<NDArray> function;
    private final Block block;
    private String expression;
    private Tolerance tolerance = Tolerance.ulps(1);
    private boolean backward = true;
    private List<DataType> dtypes = List.of(DataType.FLOAT32, DataType.FLOAT64);
    private double[] thresholds = {0};
    private double min = -5;
    private double max = 5;

    private ParityCheck(String label, UnaryOperator<NDArray> function, Block block) {
        this.label = label;
        this.function = function;
        this.block = block;
    }

    /** Checks a block with one input and one output (initialised on first use if it is not). */
    public static ParityCheck of(Block block) {
        Objects.requireNonNull(block, "block");
        return new ParityCheck(block.toString(), null, block);
    }

    /** Checks an NDArray function, e.g. {@code x -> x.mul(x.getNDArrayInternal().sigmoid())}. */
    public static ParityCheck of(UnaryOperator<NDArray> function) {
        Objects.requireNonNull(function, "function");
        return new ParityCheck("function", function, null);
    }

    /** The libtorch reference: a TorchScript expression in {@code x}, e.g. {@code torch.silu(x)}. */
    public ParityCheck against(String torchExpression) {
        this.expression = Objects.requireNonNull(torchExpression, "torchExpression");
        return this;
    }

    /** The allowed distance from libtorch (default: 1 ulp of its result). */
    public ParityCheck tolerance(Tolerance t) {
        this.tolerance = Objects.requireNonNull(t, "tolerance");
        return this;
    }

    /** Whether gradients are checked too (default true). */
    public ParityCheck backward(boolean check) {
        this.backward = check;
        return this;
    }

    /** The dtypes checked (default float32 and float64). */
    public ParityCheck dtypes(DataType... types) {
        for (DataType t : types) {
            if (t != DataType.FLOAT32 && t != DataType.FLOAT64) {
                throw new IllegalArgumentException("dtypes: float32 and float64 only, got " + t);
            }
        }
        this.dtypes = List.of(types);
        return this;
    }

    /**
     * Where the function changes behaviour (each gets its two ulp neighbours too) and the range of the
     * dense grid; defaults: {0} and [-5, 5].
     */
    public ParityCheck inputs(double[] thresholds, double min, double max) {
        if (!(min < max)) {
            throw new IllegalArgumentException("inputs: min must be < max, got " + min + ", " + max);
        }
        this.thresholds = thresholds.clone();
        this.min = min;
        this.max = max;
        return this;
    }

    /** Runs the check; one row per dtype and direction. */
    public ParityResult run() {
        if (expression == null) {
            throw new IllegalStateException("call against(torchExpression) before run()");
        }
        List<ParityRow> rows = new ArrayList<>();
        try (ExpressionOracle oracle = new ExpressionOracle(expression);
                NDManager m = NDManager.newBaseManager()) {
            for (DataType t : dtypes) {
                boolean f64 = t == DataType.FLOAT64;
                double[] v = StandardInputs.values(f64, thresholds, min, max);
                HostTensor x = f64 ? HostTensor.vector(v) : HostTensor.vector(new double[0]).like(v, v.length);
                UnaryOperator<NDArray> f = function != null ? function : blockFunction(m, x);
                rows.add(row(t, Direction.FORWARD, x, () -> oracle.forward(x), () -> DjlRun.forward(m, f, x)));
                if (backward) {
                    HostTensor gy = upstream(x);
                    rows.add(row(t, Direction.BACKWARD, x, () -> oracle.backward(x, gy), () -> DjlRun.backward(m, f, x, gy)));
                }
            }
        }
        return new ParityResult(expression, rows);
    }

    private UnaryOperator<NDArray> blockFunction(NDManager m, HostTensor x) {
        if (!block.isInitialized()) {
            block.initialize(m, x.dataType(), new Shape(x.shape()));
        }
        ParameterStore ps = new ParameterStore(m, false);
        return in -> block.forward(ps, new NDList(in), false).singletonOrThrow();
    }

    private ParityRow row(DataType t, Direction d, HostTensor x,
            java.util.function.Supplier<HostTensor> ref, java.util.function.Supplier<HostTensor> got) {
        String dtype = t == DataType.FLOAT64 ? "f64" : "f32";
        HostTensor r = ref.get();
        try {
            Stats s = Stats.compare(tolerance, x, r, got.get());
            String msg = s.worst().isEmpty() ? "" : "worst: " + s.worst().get(0);
            return new ParityRow(label, expression, "", dtype, ParityPath.DJL_BLOCK, d,
                    s.passed() ? RowStatus.PASS : RowStatus.FAIL, s, null, msg);
        } catch (RuntimeException e) {
            return new ParityRow(label, expression, "", dtype, ParityPath.DJL_BLOCK, d, RowStatus.ERROR, null, null,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Seeded normal upstream gradients, every 17th zero (as the parity suite's). */
    private static HostTensor upstream(HostTensor x) {
        SplittableRandom rnd = new SplittableRandom(StandardInputs.SEED + 1);
        double[] g = new double[x.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = i % 17 == 0 ? 0 : StandardInputs.gaussian(rnd);
        }
        return x.like(g, x.shape());
    }
}
