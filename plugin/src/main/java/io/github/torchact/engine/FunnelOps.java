package io.github.torchact.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import io.github.torchact.torchscript.TorchScriptArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The Funnel activation's libtorch operators on DJL's PyTorch engine: {@code max(x, bn(conv(x)))}
 * as {@code torch.conv2d} (groups = channels, through DJL's convolution, one JNI call), {@code
 * torch.batch_norm} and {@code torch.max(x, t)} ({@code torch.maximum}), so values and autograd's
 * gradients are PyTorch's.
 *
 * <p>{@code batch_norm} runs in a one-operator TorchScript module: DJL's own {@code batchNorm} takes
 * its momentum as a float and passes {@code 1 - momentum}, so torch's 0.1 would reach libtorch as
 * 0.10000002384185791 and the running statistics would round differently from PyTorch's. The module
 * receives momentum and eps as float64 scalars and calls {@code torch.batch_norm} with them exactly,
 * updating the running mean and variance in place in training mode as {@code nn.BatchNorm2d} does.
 */
public final class FunnelOps {

    private static final String CLASS_NAME = "TorchactBatchNorm";
    private static final String SOURCE = "class " + CLASS_NAME + "(Module):\n"
            + "  __parameters__ = []\n"
            + "  __buffers__ = []\n"
            + "  training : bool\n"
            + "  def forward(self: __torch__." + CLASS_NAME + ",\n"
            + "    x: Tensor,\n"
            + "    weight: Tensor,\n"
            + "    bias: Tensor,\n"
            + "    running_mean: Tensor,\n"
            + "    running_var: Tensor,\n"
            + "    training: Tensor,\n"
            + "    momentum: Tensor,\n"
            + "    eps: Tensor) -> Tensor:\n"
            + "    _0 = torch.batch_norm(x, weight, bias, running_mean, running_var, bool(training), "
            + "float(momentum), float(eps), True)\n"
            + "    return _0\n";

    // IValueUtils reads names with a dot, "name[]", "name()" or "module_method:" as structure
    private static final Pattern SPECIAL_NAME = Pattern.compile(".*\\..*|\\w+\\[]|\\w+\\(\\)|module_method:.*");
    private static final ConcurrentHashMap<Device, Model> MODULES = new ConcurrentHashMap<>();

    private FunnelOps() {}

    /**
     * {@code torch.maximum(x, torch.batch_norm(torch.conv2d(x, w, b, 1, k / 2, 1, C), ...))} on the
     * PyTorch engine (arguments validated by the caller).
     *
     * @param x the input (N, C, H, W)
     * @param w the depthwise kernels (C, 1, k, k)
     * @param b the convolution bias (C)
     * @param gamma BatchNorm's weight (C)
     * @param beta BatchNorm's bias (C)
     * @param mean the running mean (C), updated in place when {@code training}
     * @param var the running variance (C), updated in place when {@code training}
     * @param training batch statistics and running-statistics update (true) or running statistics
     * @param momentum BatchNorm's momentum (torch's convention: new = (1 - m) * old + m * batch)
     * @param eps BatchNorm's eps
     * @return the result, attached to {@code x}'s manager
     */
    public static NDArray forward(NDArray x, NDArray w, NDArray b, NDArray gamma, NDArray beta,
            NDArray mean, NDArray var, boolean training, double momentum, double eps) {
        int c = Math.toIntExact(x.getShape().get(1));
        long pad = w.getShape().get(2) / 2;
        NDArray t = x.getNDArrayInternal()
                .convolution(x, w, b, new Shape(1, 1), new Shape(pad, pad), new Shape(1, 1), c)
                .singletonOrThrow();
        NDManager m = x.getManager();
        NDList in = new NDList(t, plain(gamma), plain(beta), plain(mean), plain(var),
                m.create(training), m.create(momentum), m.create(eps));
        NDArray bn = module(x.getDevice()).getBlock()
                .forward(new ParameterStore(m, false), in, true).singletonOrThrow();
        return x.maximum(bn);
    }

    /**
     * {@code a}, or an unnamed view of it when DJL would read its name as a list, tuple or dict (an ONNX
     * initializer named {@code frelu.bn.weight}); a view shares storage, so the in-place running-statistics
     * update reaches {@code a}.
     */
    private static NDArray plain(NDArray a) {
        String name = a.getName();
        return name != null && SPECIAL_NAME.matcher(name).matches() ? a.reshape(a.getShape()) : a;
    }

    private static Model module(Device device) {
        return MODULES.computeIfAbsent(device, FunnelOps::load);
    }

    private static Model load(Device device) {
        try {
            Path dir = Files.createTempDirectory("torchact-funnel");
            Path pt = dir.resolve("batchnorm.pt");
            try {
                TorchScriptArchive.write(pt, CLASS_NAME, SOURCE);
                Model model = Model.newInstance("batchnorm", device, ActivationRouter.PYTORCH);
                try {
                    model.load(dir, "batchnorm");
                } catch (IOException | MalformedModelException | RuntimeException e) {
                    model.close();
                    throw e;
                }
                return model;
            } finally {
                Files.deleteIfExists(pt);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the batch_norm TorchScript module failed", e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("libtorch rejected the batch_norm module", e);
        }
    }
}
