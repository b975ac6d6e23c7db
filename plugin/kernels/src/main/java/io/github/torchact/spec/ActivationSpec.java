package io.github.torchact.spec;


import io.github.torchact.kernel.ElementwiseKernel;
import io.github.torchact.kernel.Kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one definition of an activation: its PyTorch name, parameters and defaults, the libtorch
 * expression that defines it, the bound our parity suite enforces, and its Java kernel. Blocks, the
 * functional API, the libtorch oracle, the parity report and the docs are derived from it.
 *
 * <p>{@link #torchExpr()} is TorchScript with {@code x} for the input, weight names for learnable
 * tensors and {@code {param}} for each scalar parameter; the generators in {@code
 * io.github.torchact.torchscript} fill the braces with an argument or a literal.
 */
public final class ActivationSpec {

    /** How {@code toString()} of a block shows the parameters, as PyTorch's {@code extra_repr}. */
    public enum Repr {
        /** {@code LeakyReLU(negative_slope=0.01)} */
        KEYWORDS,
        /** {@code Hardshrink(0.5)} */
        POSITIONAL,
        /** {@code ReLU6()}: parameters are fixed presets and not shown. */
        NONE
    }

    private final String name;
    private final String blockName;
    private final String torchName;
    private final String summary;
    private final String formula;
    private final String reference;
    private final Layout layout;
    private final List<Param> params;
    private final Weight weight;
    private final String torchExpr;
    private final String torchDefaultsExpr;
    private final boolean differentiable;
    private final String closedSource;
    private final Bounds bounds;
    private final Function<Params, Kernel> kernel;
    private final Function<Params, double[]> thresholds;
    private final Consumer<Params> crossCheck;
    private final ShapeCheck shapeCheck;
    private final BiFunction<Params, long[], long[]> outputShape;
    private final double plotMin;
    private final double plotMax;
    private final Repr repr;
    private final List<Map<String, Number>> examples;

    private ActivationSpec(Builder b) {
        name = b.name;
        blockName = b.blockName;
        torchName = b.torchName;
        summary = b.summary;
        formula = b.formula;
        reference = b.reference;
        layout = b.layout;
        params = List.copyOf(b.params);
        weight = b.weight;
        torchExpr = b.torchExpr;
        torchDefaultsExpr = b.torchDefaultsExpr;
        differentiable = b.differentiable;
        closedSource = b.closedSource;
        bounds = b.bounds;
        kernel = b.kernel;
        thresholds = b.thresholds;
        crossCheck = b.crossCheck;
        shapeCheck = b.shapeCheck;
        outputShape = b.outputShape;
        plotMin = b.plotMin;
        plotMax = b.plotMax;
        repr = b.repr;
        examples = List.copyOf(b.examples);
    }

    /** Starts a spec; {@code name} is PyTorch's functional name, e.g. {@code leaky_relu}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** PyTorch's functional name, e.g. {@code leaky_relu}; the key everywhere. */
    public String name() {
        return name;
    }

    /** The block class name, PyTorch's module name where it has one, e.g. {@code LeakyReLU}. */
    public String blockName() {
        return blockName;
    }

    /** The PyTorch counterpart, e.g. {@code torch.nn.LeakyReLU}. */
    public String torchName() {
        return torchName;
    }

    /** One sentence on what the activation is. */
    public String summary() {
        return summary;
    }

    /** The formula in plain text. */
    public String formula() {
        return formula;
    }

    /** The paper or source that defines it. */
    public String reference() {
        return reference;
    }

    /** How the activation reads its input: elementwise, along a dim, or per channel. */
    public Layout layout() {
        return layout;
    }

    /** Its scalar parameters, in PyTorch's order. */
    public List<Param> params() {
        return params;
    }

    /** The learnable tensor, or {@code null}. */
    public Weight weight() {
        return weight;
    }

    /** TorchScript expression with {@code x}, weight names and {@code {param}} placeholders. */
    public String torchExpr() {
        return torchExpr;
    }

    /** The same libtorch call with every defaulted argument omitted, or {@code null}. */
    public String torchDefaultsExpr() {
        return torchDefaultsExpr;
    }

    /** Whether libtorch defines a gradient (heaviside has none). */
    public boolean differentiable() {
        return differentiable;
    }

    /**
     * The closed-source function libtorch computes part of this activation with (Intel MKL's tanh, sqrt), which the
     * kernel meets within its bound but cannot reproduce bit for bit; {@code null} when libtorch's whole computation
     * is reproducible.
     */
    public String closedSource() {
        return closedSource;
    }

    /** The bounds the parity suite enforces against libtorch, forward and backward. */
    public Bounds bounds() {
        return bounds;
    }

    /** The left end of the report's plot range. */
    public double plotMin() {
        return plotMin;
    }

    /** The right end of the report's plot range. */
    public double plotMax() {
        return plotMax;
    }

    /** How a block's {@code toString()} shows the parameters. */
    public Repr repr() {
        return repr;
    }

    /**
     * The parameter sets the parity suite, report and docs exercise: PyTorch's defaults (when every
     * parameter has one) followed by the spec's examples.
     */
    public List<Params> paramSets() {
        List<Params> sets = new ArrayList<>();
        if (params.stream().allMatch(Param::hasDefault)) {
            sets.add(defaults());
        }
        for (Map<String, Number> e : examples) {
            sets.add(params(e));
        }
        return sets;
    }

    /** The Java kernel for these parameter values. */
    public Kernel kernel(Params p) {
        checkOwn(p);
        return kernel.apply(p);
    }

    /**
     * The Java kernel for these parameter values, typed for the elementwise activations, whose
     * kernels also work on ranges and buffers: {@code Catalog.GELU.elementwiseKernel(p).forward(x, 0,
     * y, 0, n)}.
     *
     * @throws IllegalArgumentException if this activation's kernel is not elementwise (the softmax
     *     family, GLU, PReLU, Flexible ReLU: use {@link #kernel(Params)} with a shape)
     */
    public ElementwiseKernel elementwiseKernel(Params p) {
        Kernel k = kernel(p);
        if (!(k instanceof ElementwiseKernel)) {
            throw new IllegalArgumentException(blockName + " (" + name + ") has no elementwise kernel: its kernel "
                    + k.getClass().getSimpleName() + " needs the input's shape; use kernel(params)");
        }
        return (ElementwiseKernel) k;
    }

    /** {@link #elementwiseKernel(Params)} with the default parameter values. */
    public ElementwiseKernel elementwiseKernel() {
        return elementwiseKernel(defaults());
    }

    /** Inputs where behaviour changes for these parameters (the parity suite adds ulp neighbours). */
    public double[] thresholds(Params p) {
        checkOwn(p);
        return thresholds.apply(p).clone();
    }

    /**
     * Throws, in PyTorch's wording where it has one, if an input of {@code shape} (with a weight of
     * {@code weightCount} elements, 0 for none) does not suit these parameters.
     */
    public void checkShape(Params p, long[] shape, long weightCount) {
        checkOwn(p);
        if ((weight != null) != (weightCount > 0)) {
            throw new IllegalArgumentException(weight != null
                    ? name + " needs its learnable " + weight.name() + " tensor"
                    : name + " has no learnable tensor, but one was given");
        }
        shapeCheck.check(p, shape, weightCount);
    }

    /** The output shape for an input of {@code shape} (the input's, except GLU's halved dim). */
    public long[] outputShape(Params p, long[] shape) {
        checkOwn(p);
        return outputShape.apply(p, shape.clone());
    }

    /**
     * Whether the output's {@code dim} is half the input's (GLU), probed on an even [4, 8] input with the first
     * parameter set; false for an activation without one.
     */
    public boolean halvesDim() {
        if (paramSets().isEmpty()) {
            return false;
        }
        long[] shape = {4, 8};
        return !Arrays.equals(outputShape(paramSets().get(0), shape), shape);
    }

    /** Position of a parameter, or an exception naming the parameters this activation has. */
    public int paramIndex(String param) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).name().equals(param)) {
                return i;
            }
        }
        throw new IllegalArgumentException(
                name + " has no parameter '" + param + "'; its parameters are " + paramNames());
    }

    /** PyTorch's defaults; fails for an activation with a required parameter. */
    public Params defaults() {
        return params(Map.of());
    }

    /** Values by name; omitted ones take PyTorch's default. */
    public Params params(Map<String, ? extends Number> given) {
        for (String key : given.keySet()) {
            paramIndex(key);
        }
        double[] v = new double[params.size()];
        for (int i = 0; i < v.length; i++) {
            Param p = params.get(i);
            Number n = given.get(p.name());
            if (n == null && !p.hasDefault()) {
                throw new IllegalArgumentException(
                        name + "() missing required argument '" + p.name() + "'");
            }
            v[i] = n != null ? n.doubleValue() : p.defaultValue();
        }
        return params(v);
    }

    /** Values in the order of {@link #params()}. */
    public Params params(double... values) {
        if (values.length != params.size()) {
            throw new IllegalArgumentException(
                    name + " takes " + params.size() + " parameter(s) " + paramNames() + ", got "
                            + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            Param p = params.get(i);
            if (!p.check().test(values[i])) {
                throw new IllegalArgumentException(
                        name + ": " + p.name() + " must be " + p.requirement() + ", got "
                                + PyRepr.of(values[i], p.kind()));
            }
        }
        Params result = new Params(this, values.clone());
        crossCheck.accept(result);
        return result;
    }

    /** PyTorch's {@code extra_repr} for these values. */
    String extraRepr(Params p) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < params.size() && repr != Repr.NONE; i++) {
            String value = PyRepr.of(p.get(i), params.get(i).kind());
            parts.add(repr == Repr.POSITIONAL ? value : params.get(i).name() + "=" + value);
        }
        return String.join(", ", parts);
    }

    private List<String> paramNames() {
        List<String> names = new ArrayList<>();
        params.forEach(p -> names.add(p.name()));
        return names;
    }

    private void checkOwn(Params p) {
        if (p.spec() != this) {
            throw new IllegalArgumentException(
                    "parameters of " + p.spec().name() + " given to " + name);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a spec; every activation's entry in {@link Catalog} is one chain of these calls. */
    public static final class Builder {
        private final String name;
        private String blockName;
        private String torchName;
        private String summary = "";
        private String formula = "";
        private String reference = "";
        private Layout layout = Layout.ELEMENTWISE;
        private final List<Param> params = new ArrayList<>();
        private Weight weight;
        private String torchExpr;
        private String torchDefaultsExpr;
        private boolean differentiable = true;
        private String closedSource;
        private Bounds bounds;
        private Function<Params, Kernel> kernel;
        private Function<Params, double[]> thresholds = p -> new double[0];
        private Consumer<Params> crossCheck = p -> {};
        private ShapeCheck shapeCheck = ShapeCheck.ANY;
        private BiFunction<Params, long[], long[]> outputShape = (p, shape) -> shape;
        private double plotMin = -5;
        private double plotMax = 5;
        private Repr repr = Repr.KEYWORDS;
        private final List<Map<String, Number>> examples = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        /** Sets the block's class name and the PyTorch name it mirrors. */
        public Builder block(String blockName, String torchName) {
            this.blockName = blockName;
            this.torchName = torchName;
            return this;
        }

        /** Sets the summary, the formula and the reference (paper or PyTorch page). */
        public Builder doc(String summary, String formula, String reference) {
            this.summary = summary;
            this.formula = formula;
            this.reference = reference;
            return this;
        }

        /** Sets how the input is read (default elementwise). */
        public Builder layout(Layout layout) {
            this.layout = layout;
            return this;
        }

        /** Adds a scalar parameter, in PyTorch's order. */
        public Builder param(Param p) {
            params.add(p);
            return this;
        }

        /** Declares the learnable tensor (PReLU, Flexible ReLU). */
        public Builder weight(Weight w) {
            this.weight = w;
            this.layout = Layout.CHANNEL_WEIGHTED;
            this.shapeCheck = ShapeCheck.CHANNELS;
            return this;
        }

        /** The libtorch expression; {@code defaults} is the same call with defaults omitted. */
        public Builder torch(String expr, String defaults) {
            this.torchExpr = expr;
            this.torchDefaultsExpr = defaults;
            return this;
        }

        /** Marks the activation as having no gradient in libtorch (Heaviside). */
        public Builder notDifferentiable() {
            this.differentiable = false;
            return this;
        }

        /** Names the closed-source function libtorch runs for part of the activation ({@link #closedSource()}). */
        public Builder closedSource(String function) {
            this.closedSource = function;
            return this;
        }

        /** Sets the bounds against libtorch. */
        public Builder bounds(Bounds b) {
            this.bounds = b;
            return this;
        }

        /** Sets the Java kernel's factory. */
        public Builder kernel(Function<Params, Kernel> k) {
            this.kernel = k;
            return this;
        }


        /** Sets the inputs where the behaviour changes (the parity suite adds their ulp neighbours). */
        public Builder thresholds(Function<Params, double[]> t) {
            this.thresholds = t;
            return this;
        }

        /** Adds a cross-parameter check (for example {@code min_val <= max_val}). */
        public Builder check(Consumer<Params> c) {
            this.crossCheck = c;
            return this;
        }

        /** Sets the input shape check. */
        public Builder shape(ShapeCheck c) {
            this.shapeCheck = c;
            return this;
        }

        /** Sets the output shape (default: the input shape). */
        public Builder outputShape(BiFunction<Params, long[], long[]> f) {
            this.outputShape = f;
            return this;
        }

        /** Sets the report's plot range. */
        public Builder plot(double min, double max) {
            this.plotMin = min;
            this.plotMax = max;
            return this;
        }

        /** A non-default parameter set the parity suite also checks. */
        public Builder example(Map<String, Number> values) {
            examples.add(Map.copyOf(values));
            return this;
        }

        /** Sets how the block's repr shows the parameters. */
        public Builder repr(Repr r) {
            this.repr = r;
            return this;
        }

        /** Builds the spec. */
        public ActivationSpec build() {
            Objects.requireNonNull(blockName, name + ": block name");
            Objects.requireNonNull(torchExpr, name + ": torch expression");
            Objects.requireNonNull(bounds, name + ": bounds");
            Objects.requireNonNull(kernel, name + ": kernel");
            return new ActivationSpec(this);
        }
    }

}
