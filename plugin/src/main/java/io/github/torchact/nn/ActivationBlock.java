package io.github.torchact.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import io.github.torchact.engine.ActivationRouter;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.Arrays;

/**
 * A DJL block computing any activation spec: {@link #of(Params)} returns one for every catalog entry,
 * and for a spec built outside the catalog. The typed blocks ({@link ReLU}, {@link LeakyReLU}, {@link
 * PReLU}, ...) are optional PyTorch-named subclasses with builders; {@code of} returns the one named
 * {@link ActivationSpec#blockName()} where it exists and a plain {@code ActivationBlock} otherwise,
 * which computes, prints ({@code blockName(extra_repr)}), saves and loads alike.
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
 *
 * <p>Saved parameters carry their length and a CRC32 checksum ({@link ParameterFile}, format version
 * 2): a corrupted or truncated file, or one saved by the unchecked version 1, fails to load with
 * {@link MalformedModelException} instead of loading changed weights.
 *
 * <p>The class extends DJL's {@link LambdaBlock} for one reason: DJL's {@code Blocks.describe}, which
 * prints a {@code SequentialBlock} and every other container, names a child by its class unless it
 * is a {@code LambdaBlock}, whose {@link #getName()} it prints instead. {@link #getName()} is this
 * block's PyTorch repr, so a {@code SequentialBlock} shows {@code GELU(approximate='tanh')}, not
 * {@code GELU}. Everything else a {@code LambdaBlock} does (its function, output shapes, parameter
 * file) is overridden here.
 */
public class ActivationBlock extends LambdaBlock {

    /** The parameter file format: 2 adds the length and checksum (version 1 files are refused). */
    private static final byte VERSION = 2;

    /** PyTorch's default {@code num_parameters} for a learnable tensor: one value shared by all channels. */
    static final int SHARED = 1;

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
        super(ActivationBlock::notALambda, params.spec().blockName());
        version = VERSION;
        this.params = params;
        this.numParameters = numParameters;
        ActivationSpec s = params.spec();
        if (s.weight() == null) {
            checkNoLearnable(s, numParameters);
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

    private static void checkNoLearnable(ActivationSpec s, int numParameters) {
        if (numParameters != 0) {
            throw new IllegalArgumentException(
                    s.blockName() + " has no learnable tensor; num_parameters must be 0, got " + numParameters);
        }
    }

    /** Never called: {@link #forwardInternal} and {@link #getOutputShapes} replace the lambda. */
    private static NDList notALambda(NDList inputs) {
        throw new IllegalStateException("an activation block computes in forwardInternal, not as a lambda");
    }

    /**
     * The block for {@code params}, with one learnable value (shared by all channels) when the
     * activation has a learnable tensor (PReLU, Flexible ReLU).
     */
    public static ActivationBlock of(Params params) {
        return of(params, params.spec().weight() == null ? 0 : SHARED);
    }

    /**
     * The block for {@code params} with {@code numParameters} learnable values: 1 or the number of
     * channels for an activation with a learnable tensor, 0 for the others. It is the typed class
     * named {@link ActivationSpec#blockName()} for a catalog activation that has one, else a plain
     * {@code ActivationBlock}.
     *
     * @throws IllegalArgumentException if {@code numParameters} does not suit the activation
     */
    public static ActivationBlock of(Params params, int numParameters) {
        if (params.spec().weight() == null) {
            checkNoLearnable(params.spec(), numParameters); // a typed class's (Params) constructor takes none
        }
        ActivationBlock typed = TypedBlocks.create(params, numParameters);
        return typed != null ? typed : new ActivationBlock(params, numParameters);
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
        if (x == null) {
            throw new IllegalArgumentException(this + ": input must not be null");
        }
        ActivationRouter.checkDtype(toString(), "input", x.getDataType());
        NDArray w = weight == null ? null : ps.getValue(weight, x.getDevice(), training);
        return new NDList(ActivationRouter.forward(params, x, w, training));
    }

    /**
     * Initialises the block for inputs of {@code dataType} (float32 or float64) and {@code inputShapes}.
     *
     * @throws IllegalArgumentException if {@code dataType} is not float32 or float64, before DJL
     *     creates any array of it (a bfloat16 array aborts the JVM inside DJL's PyTorch engine), or
     *     if the shape does not fit the activation
     */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        ActivationRouter.checkDtype(toString(), "initialize:", dataType);
        super.initialize(manager, dataType, inputShapes);
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

    /**
     * Writes the version, then the body (metadata and the learnable tensor) behind its length and
     * CRC32 ({@link ParameterFile}).
     */
    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream body = new DataOutputStream(bytes);
        saveMetadata(body);
        if (weight != null) {
            weight.save(body);
        }
        body.flush();
        ParameterFile.write(os, version, bytes.toByteArray());
    }

    /**
     * Loads what {@link #saveParameters} wrote, after checking the length, checksum and every stored
     * count, and the learnable tensor's name, dtype and shape, before DJL sees any of it.
     *
     * @throws MalformedModelException if the file is corrupted, truncated, of another version, or
     *     saved from a different activation, parameter values or {@code num_parameters}
     */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        String block = toString();
        byte loadVersion;
        try {
            loadVersion = is.readByte();
        } catch (EOFException e) {
            throw ParameterFile.truncated(block, e);
        }
        if (loadVersion != version) {
            throw new MalformedModelException(block + ": cannot load parameter file version " + loadVersion
                    + ", expected " + version + (loadVersion == 1 ? " (version 1 files carry no checksum; save them again)" : ""));
        }
        byte[] body = ParameterFile.readBody(is, block, numParameters);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        try {
            loadMetadata(loadVersion, in);
            if (weight != null) {
                int start = body.length - in.available();
                if (ParameterFile.checkTensor(in, block, weight.getName(), numParameters)) {
                    int end = body.length - in.available();
                    weight.load(manager, new DataInputStream(new ByteArrayInputStream(body, start, end - start)));
                }
            }
            if (in.available() != 0) {
                throw new MalformedModelException(block + ": malformed parameter file: " + in.available()
                        + " bytes after the record");
            }
        } catch (EOFException e) {
            throw new MalformedModelException(block + ": malformed parameter file: its record ends early", e);
        } catch (UTFDataFormatException e) {
            throw new MalformedModelException(block + ": malformed parameter file: bad string", e);
        }
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

    /**
     * Reads the metadata from a body whose checksum {@link #loadParameters} has verified, checking
     * every count against the bytes left before allocating.
     */
    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        String block = toString();
        Shape[] shapes = new Shape[ParameterFile.count(is, 8, "input shape", block)];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = ParameterFile.shape(is, block);
        }
        String name = is.readUTF();
        double[] v = new double[ParameterFile.count(is, 8, "parameter value", block)];
        for (int i = 0; i < v.length; i++) {
            v[i] = is.readDouble();
        }
        int n = is.readInt();
        if (!name.equals(params.spec().name()) || !Arrays.equals(v, params.toArray()) || n != numParameters) {
            throw new MalformedModelException("saved parameters are for " + savedRepr(name, v, n)
                    + ", this block is " + this);
        }
        if (inputShapes == null) {
            inputShapes = shapes; // as DJL's readInputShapes: a block not yet initialised takes the saved ones
        }
    }

    /** The PyTorch repr of the activation a parameter file was saved from, as far as it can be told. */
    private String savedRepr(String name, double[] values, int numParameters) {
        try {
            ActivationSpec s = name.equals(params.spec().name()) ? params.spec() : Catalog.get(name);
            return of(s.params(values), numParameters).toString();
        } catch (IllegalArgumentException e) {
            return "an activation this version cannot build (" + name + " with values " + Arrays.toString(values)
                    + ", num_parameters=" + numParameters + ": " + e.getMessage() + ")";
        }
    }

    /**
     * The PyTorch repr ({@link #toString()}): the name DJL's {@code Blocks.describe} prints for this
     * block inside a {@code SequentialBlock} or any other container.
     */
    @Override
    public String getName() {
        return toString();
    }

    /** PyTorch's repr, e.g. {@code LeakyReLU(negative_slope=0.01)}. */
    @Override
    public String toString() {
        String extra = weight != null ? "num_parameters=" + numParameters : params.extraRepr();
        return params.spec().blockName() + "(" + extra + ")";
    }
}
