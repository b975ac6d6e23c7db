package io.github.torchact.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import io.github.torchact.engine.ActivationRouter;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Params;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A DJL block computing one catalog activation; the typed blocks ({@link ReLU}, {@link LeakyReLU},
 * {@link PReLU}, ...) are its PyTorch-named subclasses, and {@link #of(Params)} returns them.
 *
 * <p>On DJL's PyTorch engine the block runs libtorch's own operator, so outputs and gradients (via
 * {@code GradientCollector} or a {@code Trainer}) equal PyTorch's bit for bit. On other engines it
 * runs the Java kernel: values within the spec's bound, but <b>no gradient</b>. See {@link
 * ActivationRouter}.
 *
 * <p>A learnable tensor (PReLU's {@code weight}, Flexible ReLU's {@code bias}) is a 1-D parameter of
 * {@code num_parameters} values, one shared or one per channel (axis 1), initialised to a constant.
 * Its type is {@link Parameter.Type#OTHER} so that a trainer's default weight initialiser (Xavier)
 * does not replace PyTorch's constant. {@code saveParameters} also records the activation and its
 * parameter values, and {@code loadParameters} refuses a file saved from a different activation.
 */
public class ActivationBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Params params;
    private final int numParameters;
    private final Parameter weight;

    /**
     * A block for {@code params}; {@code numParameters} learnable values (0 when the activation has
     * none) initialised to the spec's constant.
     */
    protected ActivationBlock(Params params, int numParameters) {
        this(params, numParameters, params.spec().weight() == null ? 0 : params.spec().weight().init());
    }

    /** As {@link #ActivationBlock(Params, int)} with the learnable values initialised to {@code init}. */
    protected ActivationBlock(Params params, int numParameters, double init) {
        super(VERSION);
        this.params = params;
        this.numParameters = numParameters;
        ActivationSpec s = params.spec();
        if (s.weight() == null) {
            if (numParameters != 0) {
                throw new IllegalArgumentException(
                        s.blockName() + " has no learnable tensor; num_parameters must be 0, got " + numParameters);
            }
            weight = null;
            return;
        }
        if (numParameters < 1) {
            throw new IllegalArgumentException(
                    s.blockName() + ": num_parameters must be >= 1, got " + numParameters);
        }
        if (Double.isNaN(init)) {
            throw new IllegalArgumentException(s.blockName() + ": init must not be NaN");
        }
        weight = addParameter(Parameter.builder()
                .setName(s.weight().name())
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(numParameters))
                .optInitializer(new ConstantInitializer((float) init))
                .build());
    }

    /** The typed block for {@code params} (one learnable value for PReLU and Flexible ReLU). */
    public static ActivationBlock of(Params params) {
        return of(params, params.spec().weight() == null ? 0 : 1);
    }

    /**
     * The typed block for {@code params} with {@code numParameters} learnable values: 1 or the
     * number of channels for PReLU and Flexible ReLU, 0 for the others.
     */
    public static ActivationBlock of(Params params, int numParameters) {
        return Blocks.create(params, numParameters);
    }

    /** The activation. */
    public ActivationSpec spec() {
        return params.spec();
    }

    /** Its parameter values. */
    public Params params() {
        return params;
    }

    /** The number of learnable values (0 when the activation has none). */
    public int numParameters() {
        return numParameters;
    }

    /** The learnable parameter, or {@code null}. */
    public Parameter learnable() {
        return weight;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> extra) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = weight == null ? null : ps.getValue(weight, x.getDevice(), training);
        return new NDList(ActivationRouter.forward(params, x, w, training));
    }

    /** Checks the input shape (dim range, GLU's halving, PReLU's channels) when the block is initialised. */
    @Override
    protected void prepare(Shape[] inputShapes) {
        params.spec().checkShape(params, inputShapes[0].getShape(), numParameters);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] shape = inputShapes[0].getShape();
        params.spec().checkShape(params, shape, numParameters);
        return new Shape[] {new Shape(params.spec().outputShape(params, shape))};
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        super.saveMetadata(os);
        os.writeUTF(params.spec().name());
        double[] v = params.toArray();
        os.writeInt(v.length);
        for (double d : v) {
            os.writeDouble(d);
        }
        os.writeInt(numParameters);
    }

    /** {@inheritDoc} */
    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        super.loadMetadata(loadVersion, is);
        String name = is.readUTF();
        double[] v = new double[is.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = is.readDouble();
        }
        int n = is.readInt();
        if (!name.equals(params.spec().name()) || !Arrays.equals(v, params.toArray()) || n != numParameters) {
            throw new MalformedModelException("saved parameters are for " + name + Arrays.toString(v)
                    + " with num_parameters=" + n + ", this block is " + params + " with num_parameters="
                    + numParameters);
        }
    }

    /** PyTorch's repr, e.g. {@code LeakyReLU(negative_slope=0.01)}. */
    @Override
    public String toString() {
        String extra = weight != null ? "num_parameters=" + numParameters : params.extraRepr();
        return params.spec().blockName() + "(" + extra + ")";
    }
}
