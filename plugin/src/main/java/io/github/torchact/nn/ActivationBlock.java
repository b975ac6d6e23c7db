package io.github.torchact.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import io.github.torchact.functional.Activations;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Params;

/**
 * A DJL block computing one catalog activation.
 *
 * <p>SKELETON: the generic form; typed PyTorch-named blocks (ReLU, LeakyReLU, PReLU, ...) build on it.
 */
public class ActivationBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Params params;
    private final int numParameters;
    private Parameter weight;

    protected ActivationBlock(Params params, int numParameters) {
        super(VERSION);
        this.params = params;
        this.numParameters = numParameters;
        ActivationSpec s = params.spec();
        if (s.weight() != null) {
            if (numParameters < 1) {
                throw new IllegalArgumentException(s.blockName() + ": num_parameters must be >= 1, got " + numParameters);
            }
            weight = addParameter(Parameter.builder()
                    .setName(s.weight().name())
                    .setType(s.weight().name().equals("bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT)
                    .optShape(new Shape(numParameters))
                    .optInitializer(new ConstantInitializer((float) s.weight().init()))
                    .build());
        }
    }

    /** A block for an activation without learnable weight. */
    public static ActivationBlock of(Params params) {
        return new ActivationBlock(params, 0);
    }

    /** A block for PReLU or Flexible ReLU with {@code numParameters} learnable values (1 or the channels). */
    public static ActivationBlock of(Params params, int numParameters) {
        return new ActivationBlock(params, numParameters);
    }

    public ActivationSpec spec() {
        return params.spec();
    }

    public Params params() {
        return params;
    }

    public int numParameters() {
        return numParameters;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> extra) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = weight == null ? null : ps.getValue(weight, x.getDevice(), training);
        return new NDList(Activations.apply(params, x, w));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(params.spec().outputShape(params, inputShapes[0].getShape()))};
    }

    @Override
    public String toString() {
        String extra = params.extraRepr();
        if (weight != null) {
            extra = "num_parameters=" + numParameters;
        }
        return params.spec().blockName() + "(" + extra + ")";
    }

}
