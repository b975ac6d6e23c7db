package io.github.torchact.nn;

import io.github.torchact.spec.Params;

import java.util.Map;
import java.util.function.Function;

/** The typed block for each catalog activation, behind {@link ActivationBlock#of(Params, int)}. */
final class Blocks {

    private static final Map<String, Function<Params, ActivationBlock>> PLAIN = Map.ofEntries(
            Map.entry("relu", ReLU::new),
            Map.entry("relu6", ReLU6::new),
            Map.entry("leaky_relu", LeakyReLU::new),
            Map.entry("rrelu", RReLU::new),
            Map.entry("elu", ELU::new),
            Map.entry("selu", SELU::new),
            Map.entry("celu", CELU::new),
            Map.entry("gelu", GELU::new),
            Map.entry("gelu_tanh", GELU::new),
            Map.entry("silu", SiLU::new),
            Map.entry("mish", Mish::new),
            Map.entry("softplus", Softplus::new),
            Map.entry("softsign", Softsign::new),
            Map.entry("sigmoid", Sigmoid::new),
            Map.entry("logsigmoid", LogSigmoid::new),
            Map.entry("tanh", Tanh::new),
            Map.entry("tanhshrink", Tanhshrink::new),
            Map.entry("hardtanh", Hardtanh::new),
            Map.entry("hardsigmoid", Hardsigmoid::new),
            Map.entry("hardswish", Hardswish::new),
            Map.entry("hardshrink", Hardshrink::new),
            Map.entry("softshrink", Softshrink::new),
            Map.entry("threshold", Threshold::new),
            Map.entry("heaviside", Heaviside::new),
            Map.entry("identity", Identity::new),
            Map.entry("glu", GLU::new),
            Map.entry("softmax", Softmax::new),
            Map.entry("log_softmax", LogSoftmax::new),
            Map.entry("softmin", Softmin::new),
            Map.entry("softmax2d", Softmax2d::new));

    private Blocks() {}

    static ActivationBlock create(Params p, int numParameters) {
        String name = p.spec().name();
        if (name.equals("prelu") || name.equals("flexible_relu")) {
            double init = p.spec().weight().init();
            return name.equals("prelu") ? new PReLU(numParameters, init) : new FlexibleReLU(numParameters, init);
        }
        Function<Params, ActivationBlock> make = PLAIN.get(name);
        if (make == null) {
            throw new IllegalArgumentException("no block for activation " + name);
        }
        if (numParameters != 0) {
            throw new IllegalArgumentException(p.spec().blockName()
                    + " has no learnable tensor; num_parameters must be 0, got " + numParameters);
        }
        return make.apply(p);
    }
}
