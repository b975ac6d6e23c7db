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
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

import io.github.torchact.engine.ActivationRouter;
import io.github.torchact.engine.FunnelOps;
import io.github.torchact.kernel.FunnelKernel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.List;

/**
 * The Funnel activation: {@code y = max(x, T(x))}, where the spatial condition {@code T(x)} is a
 * depthwise k×k convolution (stride 1, padding k / 2, one filter and bias per channel) followed by
 * BatchNorm. Reference: Ma, Zhang and Sun, Funnel Activation for Visual Recognition, ECCV 2020; the
 * module is the one of the authors' {@code frelu.pytorch} / {@code FunnelAct_Pytorch}:
 * {@code torch.max(x, bn(conv(x)))} with {@code conv = nn.Conv2d(C, C, k, 1, k // 2, groups=C)} and
 * {@code bn = nn.BatchNorm2d(C)}.
 *
 * <p><b>Two activations are called "FReLU".</b> This is Funnel ReLU (Ma et al. 2020). Flexible ReLU
 * (Qiu et al., ICPR 2018), {@code relu(x) + b} with a learnable bias, is {@link FlexibleReLU}.
 *
 * <p>Parameters: {@code channels} (required, C) and {@code kernel_size} (default 3, odd). Learnable
 * tensors, as the reference module's state dict ({@code conv_frelu.weight} ... {@code
 * bn_frelu.running_var}): {@code conv_weight} (C, 1, k, k) and {@code conv_bias} (C), initialised as
 * torch's {@code Conv2d} (kaiming-uniform with a = sqrt(5): U(-1/sqrt(k·k), 1/sqrt(k·k)), and the
 * bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = k·k); {@code bn_weight} (1) and {@code bn_bias}
 * (0); running statistics {@code running_mean} (0) and {@code running_var} (1), not trained. BatchNorm
 * has torch's momentum 0.1 and eps 1e-5; {@code num_batches_tracked} is not kept (torch reads it only
 * when momentum is None).
 *
 * <p>Training and eval as {@code nn.BatchNorm2d}: in training the batch statistics normalise and the
 * running statistics are updated in place ({@code (1 - momentum) * old + momentum * batch}, the
 * variance unbiased); in eval the running statistics normalise.
 *
 * <p>Shape: Input (N, C, H, W); output the same shape.
 *
 * <p>PyTorch counterpart: none in PyTorch (the module above); {@code toString()} is e.g. {@code
 * FunnelReLU(64, kernel_size=3)}.
 *
 * <p>On the PyTorch engine: libtorch's {@code conv2d} (groups = C), {@code batch_norm} and {@code
 * maximum} in that order, so values, running statistics and gradients (input and every parameter)
 * equal PyTorch's; at a tie {@code x == T(x)} autograd splits the gradient half and half between x
 * and T(x), as {@code torch.maximum} does. Elsewhere (eval only, no gradient): the Java kernel
 * {@link FunnelKernel} with BatchNorm folded into the convolution, which rounds differently from
 * libtorch: within (k² + 5) ulp of the magnitude of the terms libtorch rounds (stated in {@link
 * FunnelKernel}). Training off the PyTorch engine is refused.
 *
 * <p>Saved parameters: this block's own record (format version 1: input shapes, channels, kernel
 * size, momentum, eps, then the six tensors) behind {@link ParameterFile}'s length and CRC32, every
 * tensor's name, dtype and shape checked before DJL reads it.
 */
public final class FunnelReLU extends LambdaBlock {

    private static final byte VERSION = 1;
    private static final String NAME = "funnel_relu";
    private static final double MOMENTUM = 0.1;
    private static final double EPS = 1e-5;

    private final int channels;
    private final int kernelSize;
    private final Parameter convWeight;
    private final Parameter convBias;
    private final Parameter bnWeight;
    private final Parameter bnBias;
    private final Parameter runningMean;
    private final Parameter runningVar;

    FunnelReLU(int channels, int kernelSize) {
        super(FunnelReLU::notALambda, "FunnelReLU");
        if (channels < 1) {
            throw new IllegalArgumentException("FunnelReLU: channels must be >= 1, got " + channels);
        }
        if (kernelSize < 1 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException("FunnelReLU: kernel_size must be odd and >= 1 (padding kernel_size / 2 "
                    + "keeps the spatial size), got " + kernelSize);
        }
        version = VERSION;
        this.channels = channels;
        this.kernelSize = kernelSize;
        float bound = (float) (1 / Math.sqrt((double) kernelSize * kernelSize));
        convWeight = param("conv_weight", Parameter.Type.OTHER, new Shape(channels, 1, kernelSize, kernelSize),
                new UniformInitializer(bound));
        convBias = param("conv_bias", Parameter.Type.OTHER, new Shape(channels), new UniformInitializer(bound));
        bnWeight = param("bn_weight", Parameter.Type.GAMMA, new Shape(channels), new ConstantInitializer(1));
        bnBias = param("bn_bias", Parameter.Type.BETA, new Shape(channels), new ConstantInitializer(0));
        runningMean = param("running_mean", Parameter.Type.RUNNING_MEAN, new Shape(channels), new ConstantInitializer(0));
        runningVar = param("running_var", Parameter.Type.RUNNING_VAR, new Shape(channels), new ConstantInitializer(1));
    }

    private Parameter param(String name, Parameter.Type type, Shape shape, Initializer init) {
        boolean learnable = type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR;
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init)
                .optRequiresGrad(learnable).build());
    }

    private static NDList notALambda(NDList inputs) {
        throw new IllegalStateException("FunnelReLU computes in forwardInternal, not as a lambda");
    }

    /** Starts a builder; {@code channels} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of channels C. */
    public int channels() {
        return channels;
    }

    /** The depthwise convolution's kernel size k. */
    public int kernelSize() {
        return kernelSize;
    }

    /** BatchNorm's momentum (torch's 0.1). */
    public double momentum() {
        return MOMENTUM;
    }

    /** BatchNorm's eps (torch's 1e-5). */
    public double eps() {
        return EPS;
    }

    /**
     * The learnable tensors and running statistics in the reference module's state-dict order:
     * conv weight, conv bias, BN weight, BN bias, running mean, running variance.
     */
    public List<Parameter> tensors() {
        return List.of(convWeight, convBias, bnWeight, bnBias, runningMean, runningVar);
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
        checkShape(x.getShape());
        NDArray[] p = new NDArray[6];
        List<Parameter> t = tensors();
        for (int i = 0; i < 6; i++) {
            p[i] = ps.getValue(t.get(i), x.getDevice(), training);
            if (p[i].getDataType() != x.getDataType()) {
                throw new IllegalArgumentException(this + ": " + t.get(i).getName() + " is " + p[i].getDataType()
                        + ", the input " + x.getDataType() + " (initialise the block with the input's dtype)");
            }
        }
        if (ActivationRouter.isPyTorch(x)) {
            return new NDList(FunnelOps.forward(x, p[0], p[1], p[2], p[3], p[4], p[5], training, MOMENTUM, EPS));
        }
        if (training) {
            throw new UnsupportedOperationException(this + ": training needs DJL's PyTorch engine (batch statistics "
                    + "and gradients are libtorch's); on " + x.getManager().getEngine().getEngineName()
                    + " only eval (inference) runs, through the Java kernel");
        }
        return new NDList(evalKernel(x, p));
    }

    private NDArray evalKernel(NDArray x, NDArray[] p) {
        long[] shape = x.getShape().getShape();
        if (x.getDataType() == DataType.FLOAT64) {
            FunnelKernel.Folded f = FunnelKernel.fold(p[0].toDoubleArray(), p[1].toDoubleArray(), p[2].toDoubleArray(),
                    p[3].toDoubleArray(), p[4].toDoubleArray(), p[5].toDoubleArray(), EPS);
            double[] y = new double[Math.toIntExact(x.size())];
            FunnelKernel.forward(x.toDoubleArray(), shape, f, y);
            return x.getManager().create(y, x.getShape());
        }
        FunnelKernel.Folded f = FunnelKernel.fold(p[0].toFloatArray(), p[1].toFloatArray(), p[2].toFloatArray(),
                p[3].toFloatArray(), p[4].toFloatArray(), p[5].toFloatArray(), EPS);
        float[] y = new float[Math.toIntExact(x.size())];
        FunnelKernel.forward(x.toFloatArray(), shape, f, y);
        return x.getManager().create(y, x.getShape());
    }

    private void checkShape(Shape s) {
        if (s.dimension() != 4 || s.get(1) != channels) {
            throw new IllegalArgumentException(this + ": input must be (N, " + channels + ", H, W), got " + s);
        }
    }

    /**
     * Initialises the block for inputs of {@code dataType} (float32 or float64) and {@code inputShapes}.
     *
     * @throws IllegalArgumentException if {@code dataType} is not float32 or float64, or the shape is
     *     not (N, C, H, W) with this block's C
     */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        ActivationRouter.checkDtype(toString(), "initialize:", dataType);
        super.initialize(manager, dataType, inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        checkShape(inputShapes[0]);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkShape(inputShapes[0]);
        return new Shape[] {inputShapes[0]};
    }

    /**
     * Writes the version, then the body (input shapes, channels, kernel size, momentum, eps and the six
     * tensors) behind its length and CRC32 ({@link ParameterFile}).
     */
    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream body = new DataOutputStream(bytes);
        saveMetadata(body);
        for (Parameter p : tensors()) {
            p.save(body);
        }
        body.flush();
        ParameterFile.write(os, version, bytes.toByteArray());
    }

    /**
     * Loads what {@link #saveParameters} wrote, after checking the length, checksum, every stored
     * count, and each tensor's name, dtype and shape, before DJL sees any of it.
     *
     * @throws MalformedModelException if the file is corrupted, truncated, of another version, or
     *     saved from a FunnelReLU of other channels or kernel size
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
                    + ", expected " + version);
        }
        long values = (long) channels * kernelSize * kernelSize + 5L * channels;
        byte[] body = ParameterFile.readBody(is, block, values);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        try {
            loadMetadata(loadVersion, in);
            for (Parameter p : tensors()) {
                int start = body.length - in.available();
                if (ParameterFile.checkTensor(in, block, p.getName(), p.getShape())) {
                    int end = body.length - in.available();
                    p.load(manager, new DataInputStream(new ByteArrayInputStream(body, start, end - start)));
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
        os.writeUTF(NAME);
        os.writeInt(channels);
        os.writeInt(kernelSize);
        os.writeDouble(MOMENTUM);
        os.writeDouble(EPS);
    }

    /** Reads the metadata from a body whose checksum {@link #loadParameters} has verified. */
    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        String block = toString();
        Shape[] shapes = new Shape[ParameterFile.count(is, 8, "input shape", block)];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = ParameterFile.shape(is, block);
        }
        String name = is.readUTF();
        int c = is.readInt();
        int k = is.readInt();
        double momentum = is.readDouble();
        double eps = is.readDouble();
        if (!NAME.equals(name) || c != channels || k != kernelSize || momentum != MOMENTUM || eps != EPS) {
            throw new MalformedModelException("saved parameters are for " + name + " with channels=" + c + ", kernel_size="
                    + k + ", momentum=" + momentum + ", eps=" + eps + ", this block is " + this);
        }
        if (inputShapes == null) {
            inputShapes = shapes;
        }
    }

    /** The PyTorch-style repr ({@link #toString()}), printed by DJL's {@code Blocks.describe}. */
    @Override
    public String getName() {
        return toString();
    }

    /** e.g. {@code FunnelReLU(64, kernel_size=3)}. */
    @Override
    public String toString() {
        return "FunnelReLU(" + channels + ", kernel_size=" + kernelSize + ")";
    }

    /** The builder for {@link FunnelReLU}. */
    public static final class Builder {

        private int channels = -1;
        private int kernelSize = 3;

        Builder() {}

        /**
         * Sets {@code channels}: the number of input channels C (required).
         *
         * @param channels the value
         * @return this builder
         */
        public Builder setChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /**
         * Sets {@code kernel_size}: the depthwise convolution's k (odd; default 3).
         *
         * @param kernelSize the value
         * @return this builder
         */
        public Builder optKernelSize(int kernelSize) {
            this.kernelSize = kernelSize;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if channels was not set or is below 1, or the kernel size
         *     is even or below 1
         */
        public FunnelReLU build() {
            if (channels == -1) {
                throw new IllegalArgumentException("FunnelReLU: setChannels is required");
            }
            return new FunnelReLU(channels, kernelSize);
        }
    }
}
