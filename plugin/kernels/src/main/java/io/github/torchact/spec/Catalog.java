package io.github.torchact.spec;

import static io.github.torchact.spec.Param.dim;
import static io.github.torchact.spec.Param.real;
import static io.github.torchact.spec.Param.requiredReal;

import io.github.torchact.kernel.Kernel;
import io.github.torchact.kernel.impl.Elu;
import io.github.torchact.kernel.impl.FlexibleRelu;
import io.github.torchact.kernel.impl.Gelu;
import io.github.torchact.kernel.impl.GeluTanh;
import io.github.torchact.kernel.impl.Glu;
import io.github.torchact.kernel.impl.Hardshrink;
import io.github.torchact.kernel.impl.Hardsigmoid;
import io.github.torchact.kernel.impl.Hardswish;
import io.github.torchact.kernel.impl.Hardtanh;
import io.github.torchact.kernel.impl.Heaviside;
import io.github.torchact.kernel.impl.Identity;
import io.github.torchact.kernel.impl.LeakyRelu;
import io.github.torchact.kernel.impl.LogSigmoid;
import io.github.torchact.kernel.impl.LogSoftmax;
import io.github.torchact.kernel.impl.Mish;
import io.github.torchact.kernel.impl.PRelu;
import io.github.torchact.kernel.impl.RRelu;
import io.github.torchact.kernel.impl.Relu6;
import io.github.torchact.kernel.impl.Relu;
import io.github.torchact.kernel.impl.Sigmoid;
import io.github.torchact.kernel.impl.Silu;
import io.github.torchact.kernel.impl.Softmax;
import io.github.torchact.kernel.impl.Softmin;
import io.github.torchact.kernel.impl.Softplus;
import io.github.torchact.kernel.impl.Softshrink;
import io.github.torchact.kernel.impl.Softsign;
import io.github.torchact.kernel.impl.Squareplus;
import io.github.torchact.kernel.impl.Tanh;
import io.github.torchact.kernel.impl.Tanhshrink;
import io.github.torchact.kernel.impl.Threshold;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every activation this library offers: PyTorch's, plus Heaviside and Flexible ReLU. Each entry is
 * the single definition the blocks, functional API, oracle, docs and parity suite derive from.
 */
public final class Catalog {

    private static final Map<String, ActivationSpec> SPECS = new LinkedHashMap<>();

    private static final Tolerance ONE_ULP = Tolerance.ulps(1);

    /** ReLU: {@code torch.nn.ReLU}. */
    public static final ActivationSpec RELU = add(ActivationSpec.builder("relu")
            .block("ReLU", "torch.nn.ReLU")
            .doc("Rectified linear unit.", "relu(x) = max(0, x)",
                    "Nair & Hinton, Rectified Linear Units Improve Restricted Boltzmann Machines, ICML 2010")
            .torch("torch.relu(x)", null)
            .bounds(Bounds.BITWISE)
            .kernel(p -> new Relu())
            .thresholds(p -> new double[] {0}));

    /** ReLU6: {@code torch.nn.ReLU6}. */
    public static final ActivationSpec RELU6 = add(ActivationSpec.builder("relu6")
            .block("ReLU6", "torch.nn.ReLU6")
            .doc("ReLU capped at 6; libtorch computes it as hardtanh(x, 0, 6): relu6(-0) = -0, gradient 0 at x = 0 and x = 6.",
                    "relu6(x) = min(max(0, x), 6)",
                    "Krizhevsky, Convolutional Deep Belief Networks on CIFAR-10, 2010")
            .torch("torch.relu6(x)", null)
            .bounds(Bounds.BITWISE)
            .kernel(p -> new Relu6())
            .thresholds(p -> new double[] {0, 6})
            .plot(-2, 8));

    /** LeakyReLU: {@code torch.nn.LeakyReLU}. */
    public static final ActivationSpec LEAKY_RELU = add(ActivationSpec.builder("leaky_relu")
            .block("LeakyReLU", "torch.nn.LeakyReLU")
            .doc("Leaky ReLU.", "leaky_relu(x) = x if x > 0 else negative_slope * x",
                    "Maas et al., Rectifier Nonlinearities Improve Neural Network Acoustic Models, ICML 2013")
            .param(real("negative_slope", 0.01))
            .example(Map.of("negative_slope", 0.2))
            .torch("torch.leaky_relu(x, {negative_slope})", "torch.leaky_relu(x)")
            .bounds(Bounds.BITWISE)
            .kernel(p -> new LeakyRelu(p.get("negative_slope")))
            .thresholds(p -> new double[] {0}));

    /** PReLU: {@code torch.nn.PReLU}. */
    public static final ActivationSpec PRELU = add(ActivationSpec.builder("prelu")
            .block("PReLU", "torch.nn.PReLU")
            .doc("Parametric ReLU with a learnable slope, shared or one per channel (axis 1); prelu'(0) = weight.",
                    "prelu(x) = x if x > 0 else weight * x",
                    "He et al., Delving Deep into Rectifiers, ICCV 2015")
            .weight(new Weight("weight", 0.25))
            .torch("torch.prelu(x, weight)", null)
            .bounds(Bounds.BITWISE)
            .kernel(p -> new PRelu())
            .thresholds(p -> new double[] {0}));

    /** RReLU: {@code torch.nn.RReLU}. */
    public static final ActivationSpec RRELU = add(ActivationSpec.builder("rrelu")
            .block("RReLU", "torch.nn.RReLU")
            .doc("Randomized leaky ReLU: in training a slope drawn from U(lower, upper) for each element with x <= 0; in eval the slope (lower + upper) / 2.",
                    "rrelu(x) = x if x > 0 else a * x, a ~ U(lower, upper) where x <= 0 (training), a = (lower + upper) / 2 (eval)",
                    "Xu et al., Empirical Evaluation of Rectified Activations in Convolutional Network, 2015")
            .param(real("lower", 1.0 / 8))
            .param(real("upper", 1.0 / 3))
            .check(p -> {
                if (p.get("lower") > p.get("upper")) {
                    throw new IllegalArgumentException(
                            "rrelu: Lower bound should be less than or equal to the upper bound");
                }
            })
            .example(Map.of("lower", 0.1, "upper", 0.3))
            .torch("torch.rrelu(x, {lower}, {upper}, False)", "torch.rrelu(x)")
            .bounds(Bounds.BITWISE)
            .kernel(p -> new RRelu(p.get("lower"), p.get("upper")))
            .thresholds(p -> new double[] {0}));

    /** ELU: {@code torch.nn.ELU}. */
    public static final ActivationSpec ELU = add(ActivationSpec.builder("elu")
            .block("ELU", "torch.nn.ELU")
            .doc("Exponential linear unit.", "elu(x) = x if x > 0 else alpha * (exp(x) - 1)",
                    "Clevert et al., Fast and Accurate Deep Network Learning by Exponential Linear Units, ICLR 2016")
            .param(real("alpha", 1.0))
            .example(Map.of("alpha", 0.5))
            .torch("torch.elu(x, {alpha})", "torch.elu(x)")
            .bounds(Bounds.all(ONE_ULP))
            .kernel(p -> Elu.elu(p.get("alpha")))
            .thresholds(p -> new double[] {0}));

    /** SELU: {@code torch.nn.SELU}. */
    public static final ActivationSpec SELU = add(ActivationSpec.builder("selu")
            .block("SELU", "torch.nn.SELU")
            .doc("Scaled exponential linear unit.",
                    "selu(x) = scale * (x if x > 0 else alpha * (exp(x) - 1)), alpha = 1.6732632423543772, scale = 1.0507009873554805",
                    "Klambauer et al., Self-Normalizing Neural Networks, NeurIPS 2017")
            .torch("torch.selu(x)", null)
            .bounds(Bounds.all(ONE_ULP))
            .kernel(p -> Elu.selu())
            .thresholds(p -> new double[] {0}));

    /** CELU: {@code torch.nn.CELU}. */
    public static final ActivationSpec CELU = add(ActivationSpec.builder("celu")
            .block("CELU", "torch.nn.CELU")
            .doc("Continuously differentiable ELU.", "celu(x) = max(0, x) + min(0, alpha * (exp(x / alpha) - 1))",
                    "Barron, Continuously Differentiable Exponential Linear Units, 2017")
            .param(real("alpha", 1.0).require(a -> a != 0, "non-zero (ZeroDivisionError: alpha cannot be 0 for CELU)"))
            .example(Map.of("alpha", 2.0))
            .torch("torch.celu(x, {alpha})", "torch.celu(x)")
            .bounds(Bounds.all(ONE_ULP))
            .kernel(p -> Elu.celu(p.get("alpha")))
            .thresholds(p -> new double[] {0}));

    /** GELU: {@code torch.nn.GELU}. */
    public static final ActivationSpec GELU = add(ActivationSpec.builder("gelu")
            .block("GELU", "torch.nn.GELU")
            .doc("Gaussian error linear unit, exact form.", "gelu(x) = x * 0.5 * (1 + erf(x / sqrt(2)))",
                    "Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs), 2016")
            .torch("torch.gelu(x, approximate=\"none\")", "torch.gelu(x)")
            // float32 is oneDNN's GELU (libtorch calls it for float32), bitwise; the bound is of the
            // largest term because the tails cancel (x·(1 + erf) with erf near -1)
            .bounds(Bounds.all(Tolerance.ulpsOfInput(1)))
            .kernel(p -> new Gelu()));

    /** GELU: {@code torch.nn.GELU(approximate='tanh')}. */
    public static final ActivationSpec GELU_TANH = add(ActivationSpec.builder("gelu_tanh")
            .block("GELU", "torch.nn.GELU(approximate='tanh')")
            .doc("Gaussian error linear unit, tanh approximation.",
                    "gelu_tanh(x) = 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))",
                    "Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs), 2016")
            .torch("torch.gelu(x, approximate=\"tanh\")", null)
            .bounds(Bounds.all(Tolerance.ulpsOfInput(1)))
            .kernel(p -> new GeluTanh()));

    /** SiLU: {@code torch.nn.SiLU}. */
    public static final ActivationSpec SILU = add(ActivationSpec.builder("silu")
            .block("SiLU", "torch.nn.SiLU")
            .doc("Sigmoid linear unit (swish with beta 1).", "silu(x) = x * sigmoid(x)",
                    "Elfwing et al., Sigmoid-Weighted Linear Units, 2017; Ramachandran et al., Searching for Activation Functions, 2017")
            .torch("torch.silu(x)", null)
            .bounds(Bounds.all(ONE_ULP))
            .kernel(p -> new Silu()));

    /** Mish: {@code torch.nn.Mish}. */
    public static final ActivationSpec MISH = add(ActivationSpec.builder("mish")
            .block("Mish", "torch.nn.Mish")
            .doc("Mish: self-regularized non-monotonic activation.", "mish(x) = x * tanh(softplus(x))",
                    "Misra, Mish: A Self Regularized Non-Monotonic Activation Function, BMVC 2020")
            .torch("torch.mish(x)", null)
            .bounds(Bounds.all(ONE_ULP))
            .kernel(p -> new Mish()));

    /** Softplus: {@code torch.nn.Softplus}. */
    public static final ActivationSpec SOFTPLUS = add(ActivationSpec.builder("softplus")
            .block("Softplus", "torch.nn.Softplus")
            .doc("Smooth ReLU; linear where beta * x > threshold.",
                    "softplus(x) = x if beta * x > threshold else log(1 + exp(beta * x)) / beta",
                    "Dugas et al., Incorporating Second-Order Functional Knowledge for Better Option Pricing, NeurIPS 2000")
            .param(real("beta", 1.0))
            .param(real("threshold", 20.0))
            .example(Map.of("beta", 2.0, "threshold", 5.0))
            .torch("torch.softplus(x, {beta}, {threshold})", "torch.softplus(x)")
            .bounds(Bounds.all(ONE_ULP))
            .kernel(p -> new Softplus(p.get("beta"), p.get("threshold")))
            .thresholds(p -> new double[] {p.get("threshold") / p.get("beta")}));

    /** Softsign: {@code torch.nn.Softsign}. */
    public static final ActivationSpec SOFTSIGN = add(ActivationSpec.builder("softsign")
            .block("Softsign", "torch.nn.Softsign")
            .doc("Softsign, as torch's composite x / (abs(x) + 1): NaN at x = +-inf.", "softsign(x) = x / (1 + |x|)",
                    "Bergstra et al., Quadratic Polynomials Learn Better Image Features, 2009")
            .torch("torch.div(x, torch.add(torch.abs(x), 1))", null)
            .bounds(Bounds.BITWISE)
            .kernel(p -> new Softsign())
            .thresholds(p -> new double[] {0}));

    /** Sigmoid: {@code torch.nn.Sigmoid}. */
    public static final ActivationSpec SIGMOID = add(ActivationSpec.builder("sigmoid")
            .block("Sigmoid", "torch.nn.Sigmoid")
            .doc("Logistic sigmoid.", "sigmoid(x) = 1 / (1 + exp(-x))", "")
            .torch("torch.sigmoid(x)", null)
            .bounds(Bounds.all(ONE_ULP))
            .kernel(p -> new Sigmoid()));

    /** LogSigmoid: {@code torch.nn.LogSigmoid}. */
    public static final ActivationSpec LOGSIGMOID = add(ActivationSpec.builder("logsigmoid")
            .block("LogSigmoid", "torch.nn.LogSigmoid")
            .doc("Log of the logistic sigmoid, computed stably.", "logsigmoid(x) = log(1 / (1 + exp(-x)))", "")
            .torch("torch.log_sigmoid(x)", null)
            .bounds(Bounds.all(ONE_ULP))
            .kernel(p -> new LogSigmoid()));

    /** Tanh: {@code torch.nn.Tanh}. */
    public static final ActivationSpec TANH = add(ActivationSpec.builder("tanh")
            .block("Tanh", "torch.nn.Tanh")
            .doc("Hyperbolic tangent.", "tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))", "")
            .torch("torch.tanh(x)", null)
            .closedSource("Intel MKL's vmsTanh/vmdTanh")
            // torch.tanh runs Intel MKL's vector tanh (closed source), not Sleef. float32: tanh evaluated in
            // float64 and rounded once (AtenMath.tanhMkl), within 1 ulp of MKL on all 2^32 inputs; float64: Sleef;
            // the gradient gy*(1 - y^2) cancels near |y| = 1, so it is bounded in ulps of max(|gy|, |ref|)
            .bounds(Bounds.of(ONE_ULP, Tolerance.ulpsOfUpstream(2)))
            .kernel(p -> new Tanh()));

    /** Tanhshrink: {@code torch.nn.Tanhshrink}. */
    public static final ActivationSpec TANHSHRINK = add(ActivationSpec.builder("tanhshrink")
            .block("Tanhshrink", "torch.nn.Tanhshrink")
            .doc("x minus its tanh.", "tanhshrink(x) = x - tanh(x)", "")
            .torch("torch.sub(x, torch.tanh(x))", null)
            .closedSource("Intel MKL's vmsTanh/vmdTanh")
            // tanh as in TANH (float32: evaluated in float64, rounded once). forward: x - tanh(x) cancels near 0,
            // so in ulps of max(|x|, |y|); backward: gy - gy*(1 - t^2) with t MKL's tanh (within 1 ulp, see tanh):
            // that ulp moves gx by |2*gy*t|*ulp(t), up to 2 ulp of |gy|
            .bounds(Bounds.of(Tolerance.ulpsOfInput(1), Tolerance.ulpsOfUpstream(2)))
            .kernel(p -> new Tanhshrink()));

    /** Hardtanh: {@code torch.nn.Hardtanh}. */
    public static final ActivationSpec HARDTANH = add(ActivationSpec.builder("hardtanh")
            .block("Hardtanh", "torch.nn.Hardtanh")
            .doc("Hard tanh: x clamped to [min_val, max_val]; -0 and NaN pass through, gradient 0 at both bounds.",
                    "hardtanh(x) = min(max(x, min_val), max_val)",
                    "Collobert, Large Scale Machine Learning, PhD thesis, Universite Paris VI, 2004")
            .param(real("min_val", -1.0))
            .param(real("max_val", 1.0))
            .check(p -> {
                if (p.get("min_val") > p.get("max_val")) {
                    throw new IllegalArgumentException("hardtanh: max_val must be >= min_val, got min_val="
                            + PyRepr.of(p.get("min_val")) + ", max_val=" + PyRepr.of(p.get("max_val")));
                }
            })
            .example(Map.of("min_val", -2.0, "max_val", 3.0))
            .torch("torch.hardtanh(x, {min_val}, {max_val})", "torch.hardtanh(x)")
            .bounds(Bounds.BITWISE)
            .kernel(p -> new Hardtanh(p.get("min_val"), p.get("max_val")))
            .thresholds(p -> new double[] {p.get("min_val"), p.get("max_val")}));

    /** Hardsigmoid: {@code torch.nn.Hardsigmoid}. */
    public static final ActivationSpec HARDSIGMOID = add(ActivationSpec.builder("hardsigmoid")
            .block("Hardsigmoid", "torch.nn.Hardsigmoid")
            .doc("Piecewise-linear sigmoid, computed as min(max(x + 3, 0), 6) / 6; gradient gy * float32(1/6) inside (-3, 3), 0 at the kinks.",
                    "hardsigmoid(x) = 0 if x <= -3, 1 if x >= 3, x / 6 + 1 / 2 otherwise",
                    "Courbariaux et al., BinaryConnect, NeurIPS 2015; Howard et al., Searching for MobileNetV3, ICCV 2019")
            .torch("torch.hardsigmoid(x)", null)
            .bounds(Bounds.BITWISE)
            .kernel(p -> new Hardsigmoid())
            .thresholds(p -> new double[] {-3, 3}));

    /** Hardswish: {@code torch.nn.Hardswish}. */
    public static final ActivationSpec HARDSWISH = add(ActivationSpec.builder("hardswish")
            .block("Hardswish", "torch.nn.Hardswish")
            .doc("Piecewise-polynomial swish, computed as x * min(max(x + 3, 0), 6) / 6 (-0 below -3, NaN at -inf); gradient -gy/2 at x = -3 and 1.5 gy at x = 3.",
                    "hardswish(x) = 0 if x <= -3, x if x >= 3, x * (x + 3) / 6 otherwise",
                    "Howard et al., Searching for MobileNetV3, ICCV 2019")
            .torch("torch.hardswish(x)", null)
            .bounds(Bounds.BITWISE)
            .kernel(p -> new Hardswish())
            .thresholds(p -> new double[] {-3, 3}));

    /** Hardshrink: {@code torch.nn.Hardshrink}. */
    public static final ActivationSpec HARDSHRINK = add(ActivationSpec.builder("hardshrink")
            .block("Hardshrink", "torch.nn.Hardshrink")
            .doc("Hard shrinkage: +0 on [-lambd, lambd] (bounds included, -0 gives +0), x elsewhere.",
                    "hardshrink(x) = x if |x| > lambd else 0",
                    "Donoho & Johnstone, Ideal Spatial Adaptation by Wavelet Shrinkage, Biometrika 1994")
            .param(real("lambd", 0.5).require(l -> l >= 0, "greater or equal to 0"))
            .example(Map.of("lambd", 1.5))
            .torch("torch.hardshrink(x, {lambd})", "torch.hardshrink(x)")
            .bounds(Bounds.BITWISE)
            .kernel(p -> new Hardshrink(p.get("lambd")))
            .thresholds(p -> new double[] {-p.get("lambd"), p.get("lambd")})
            .repr(ActivationSpec.Repr.POSITIONAL));

    /** Softshrink: {@code torch.nn.Softshrink}. */
    public static final ActivationSpec SOFTSHRINK = add(ActivationSpec.builder("softshrink")
            .block("Softshrink", "torch.nn.Softshrink")
            .doc("Soft shrinkage: +0 on [-lambd, lambd] (bounds included), shifted towards 0 by lambd elsewhere; NaN propagates.",
                    "softshrink(x) = x - lambd if x > lambd, x + lambd if x < -lambd, 0 otherwise",
                    "Donoho, De-noising by Soft-Thresholding, IEEE Transactions on Information Theory, 1995")
            .param(real("lambd", 0.5).require(l -> l >= 0, "greater or equal to 0"))
            .example(Map.of("lambd", 1.5))
            .torch("torch.softshrink(x, {lambd})", "torch.softshrink(x)")
            .bounds(Bounds.BITWISE)
            .kernel(p -> new Softshrink(p.get("lambd")))
            .thresholds(p -> new double[] {-p.get("lambd"), p.get("lambd")})
            .repr(ActivationSpec.Repr.POSITIONAL));

    /** Threshold: {@code torch.nn.Threshold}. */
    public static final ActivationSpec THRESHOLD = add(ActivationSpec.builder("threshold")
            .block("Threshold", "torch.nn.Threshold")
            .doc("Replaces values not above a threshold (x == threshold gives value; NaN passes through).",
                    "threshold(x) = x if x > threshold else value", "PyTorch torch.nn.Threshold")
            .param(requiredReal("threshold"))
            .param(requiredReal("value"))
            .example(Map.of("threshold", 0.5, "value", -2.0)).example(Map.of("threshold", -1.0, "value", 7.0))
            .torch("torch.threshold(x, {threshold}, {value})", null)
            .bounds(Bounds.BITWISE)
            .kernel(p -> new Threshold(p.get("threshold"), p.get("value")))
            .thresholds(p -> new double[] {p.get("threshold")}));

    /** Heaviside: {@code torch.heaviside (no torch.nn module)}. */
    public static final ActivationSpec HEAVISIDE = add(ActivationSpec.builder("heaviside")
            .block("Heaviside", "torch.heaviside (no torch.nn module)")
            .doc("Heaviside step; values at x = +-0, 0 for NaN; no gradient in PyTorch (the kernel's backward throws).",
                    "heaviside(x) = 0 if x < 0, values if x == 0, 1 if x > 0",
                    "PyTorch torch.heaviside, NumPy's numpy.heaviside convention")
            .param(requiredReal("values"))
            .example(Map.of("values", 0.5)).example(Map.of("values", 0.0))
            .torch("torch.heaviside(x, torch.full_like(x, {values}))", null)
            .notDifferentiable()
            .bounds(Bounds.BITWISE)
            .kernel(p -> new Heaviside(p.get("values")))
            .thresholds(p -> new double[] {0}));

    /** Identity: {@code torch.nn.Identity}. */
    public static final ActivationSpec IDENTITY = add(ActivationSpec.builder("identity")
            .block("Identity", "torch.nn.Identity")
            .doc("Returns its input unchanged, every bit.", "identity(x) = x", "PyTorch torch.nn.Identity")
            .torch("x", null)
            .bounds(Bounds.BITWISE)
            .kernel(p -> new Identity()));

    /** GLU: {@code torch.nn.GLU}. */
    public static final ActivationSpec GLU = add(ActivationSpec.builder("glu")
            .block("GLU", "torch.nn.GLU")
            .doc("Gated linear unit: the input split in halves a, b along dim.", "glu(a, b) = a * sigmoid(b)",
                    "Dauphin et al., Language Modeling with Gated Convolutional Networks, ICML 2017")
            .layout(Layout.ALONG_DIM)
            .param(dim("dim", -1))
            .shape(ShapeCheck.GLU)
            .outputShape((p, shape) -> {
                shape[Kernel.normalizeDim(p.getInt("dim"), shape.length)] /= 2;
                return shape;
            })
            .example(Map.of("dim", 0))
            .torch("torch.glu(x, {dim})", "torch.glu(x)")
            .bounds(Bounds.all(ONE_ULP))
            .kernel(p -> new Glu(p.getInt("dim"))));

    /** Softmax: {@code torch.nn.Softmax}. */
    public static final ActivationSpec SOFTMAX = add(ActivationSpec.builder("softmax")
            .block("Softmax", "torch.nn.Softmax")
            .doc("Softmax along dim.", "softmax(x)_i = exp(x_i - max(x)) / sum_j exp(x_j - max(x))", "Bridle, Probabilistic Interpretation of Feedforward Classification Network Outputs, Neurocomputing, 1990")
            .layout(Layout.ALONG_DIM)
            .param(dim("dim", null))
            .shape(ShapeCheck.DIM_IN_RANGE)
            .example(Map.of("dim", -1)).example(Map.of("dim", 0))
            .torch("torch.softmax(x, {dim})", null)
            .bounds(Bounds.all(Tolerance.ulpsOfOne(2)))
            .kernel(p -> new Softmax(p.getInt("dim"))));

    /** LogSoftmax: {@code torch.nn.LogSoftmax}. */
    public static final ActivationSpec LOG_SOFTMAX = add(ActivationSpec.builder("log_softmax")
            .block("LogSoftmax", "torch.nn.LogSoftmax")
            .doc("Log of softmax along dim.", "log_softmax(x)_i = x_i - max(x) - log(sum_j exp(x_j - max(x)))", "Bridle, Probabilistic Interpretation of Feedforward Classification Network Outputs, Neurocomputing, 1990")
            .layout(Layout.ALONG_DIM)
            .param(dim("dim", null))
            .shape(ShapeCheck.DIM_IN_RANGE)
            .example(Map.of("dim", -1)).example(Map.of("dim", 0))
            .torch("torch.log_softmax(x, {dim})", null)
            .bounds(Bounds.all(Tolerance.ulpsOfInput(2)))
            .kernel(p -> new LogSoftmax(p.getInt("dim"))));

    /** Softmin: {@code torch.nn.Softmin}. */
    public static final ActivationSpec SOFTMIN = add(ActivationSpec.builder("softmin")
            .block("Softmin", "torch.nn.Softmin")
            .doc("Softmax of the negated input along dim.", "softmin(x) = softmax(-x)", "Bridle, Probabilistic Interpretation of Feedforward Classification Network Outputs, Neurocomputing, 1990")
            .layout(Layout.ALONG_DIM)
            .param(dim("dim", null))
            .shape(ShapeCheck.DIM_IN_RANGE)
            .example(Map.of("dim", -1)).example(Map.of("dim", 0))
            .torch("torch.softmax(torch.neg(x), {dim})", null)
            .bounds(Bounds.all(Tolerance.ulpsOfOne(2)))
            .kernel(p -> new Softmin(p.getInt("dim"))));

    /** Softmax2d: {@code torch.nn.Softmax2d}. */
    public static final ActivationSpec SOFTMAX2D = add(ActivationSpec.builder("softmax2d")
            .block("Softmax2d", "torch.nn.Softmax2d")
            .doc("Softmax over channels at each spatial location of a (C, H, W) or (N, C, H, W) input.",
                    "softmax2d(x) = softmax(x, dim=-3)", "Bridle, Probabilistic Interpretation of Feedforward Classification Network Outputs, Neurocomputing, 1990")
            .layout(Layout.ALONG_DIM)
            .shape(ShapeCheck.THREE_OR_FOUR_D)
            .torch("torch.softmax(x, -3)", null)
            .bounds(Bounds.all(Tolerance.ulpsOfOne(2)))
            .kernel(p -> new Softmax(-3)));

    /** FlexibleReLU: {@code none: libtorch composite relu(x) + bias}. */
    public static final ActivationSpec FLEXIBLE_RELU = add(ActivationSpec.builder("flexible_relu")
            .block("FlexibleReLU", "none: libtorch composite relu(x) + bias")
            .doc("Flexible ReLU (FReLU, Qiu et al. 2018): ReLU plus a learnable bias, shared or one per channel (axis 1); not Funnel ReLU (Ma et al., ECCV 2020), which shares the FReLU name.",
                    "flexible_relu(x) = relu(x) + bias",
                    "Qiu et al., FReLU: Flexible Rectified Linear Units for Improving Convolutional Neural Networks, ICPR 2018")
            .weight(new Weight("bias", 0.0))
            .torch("torch.add(torch.relu(x), torch.reshape(bias, [-1] + [1] * max(torch.dim(x) - 2, 0)))", null)
            .bounds(Bounds.BITWISE)
            .kernel(p -> new FlexibleRelu())
            .thresholds(p -> new double[] {0}));

    /** Squareplus: in neither PyTorch nor DJL; Barron's algebraic softplus. */
    public static final ActivationSpec SQUAREPLUS = add(ActivationSpec.builder("squareplus")
            .block("Squareplus", "none: libtorch composite (x + sqrt(x * x + b)) / 2")
            .doc("Squareplus, a softplus-like rectifier with only algebraic operations, as the composite of libtorch operators.",
                    "squareplus(x) = (x + sqrt(x^2 + b)) / 2",
                    "Barron, Squareplus: A Softplus-Like Algebraic Rectifier, 2021")
            .param(real("b", 4.0).require(b -> b >= 0, "non-negative"))
            .example(Map.of("b", 1.0))
            .torch("torch.div(torch.add(x, torch.sqrt(torch.add(torch.mul(x, x), {b}))), 2)", null)
            .closedSource("Intel MKL's vmsSqrt/vmdSqrt")
            // torch.sqrt runs Intel MKL's vmsSqrt/vmdSqrt (within 1 ulp, not correctly rounded; measured 1 ulp off on
            // x = 1.0788366f), the kernel the correctly rounded sqrt. Forward: that ulp of s = sqrt(x^2 + b), with
            // s <= 3 max(|x|, |y|) (x + s cancels for negative x), and two roundings. Backward: gy/2 + 2m with
            // |m| <= |gy|/4 cancels likewise; m carries s's ulp.
            .bounds(Bounds.of(Tolerance.ulpsOfInput(4), Tolerance.ulpsOfUpstream(4)))
            .kernel(p -> new Squareplus(p.get("b")))
            .thresholds(p -> new double[] {0})
            .plot(-6, 6));

    private Catalog() {}

    private static ActivationSpec add(ActivationSpec.Builder b) {
        ActivationSpec s = b.build();
        if (SPECS.putIfAbsent(s.name(), s) != null) {
            throw new IllegalStateException("duplicate activation " + s.name());
        }
        return s;
    }

    /** All activations, in catalog order. */
    public static Collection<ActivationSpec> all() {
        return Collections.unmodifiableCollection(SPECS.values());
    }

    /** The activation named {@code name}, or an exception listing the known names. */
    public static ActivationSpec get(String name) {
        ActivationSpec s = SPECS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown activation '" + name + "'; known: " + SPECS.keySet());
        }
        return s;
    }

}
