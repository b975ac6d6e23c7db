package io.github.torchact.parity.oracle;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.torchact.torchscript.TorchScriptArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * libtorch's Funnel activation (Ma et al., ECCV 2020), the reference module of {@code frelu.pytorch}
 * written as torch ops in TorchScript: {@code torch.maximum(x, torch.batch_norm(torch.conv2d(x, w, b,
 * 1, k // 2, 1, C), bn_w, bn_b, running_mean, running_var, training, 0.1, 1e-5, True))}, as {@code
 * nn.Conv2d(C, C, k, 1, k // 2, groups=C)}, {@code nn.BatchNorm2d(C)} and {@code torch.max} call them.
 * {@link #forward} also returns the running statistics after the call (updated in training mode),
 * and {@link #backward} {@code torch.autograd.grad} for the input and the four learnable tensors.
 *
 * <p>Run in a JVM set up as {@link TorchReference}'s ({@code ATEN_CPU_CAPABILITY=avx2}, one
 * intra-op thread, graph optimiser off).
 */
public final class FunnelReference implements AutoCloseable {

    private static final String CLASS_NAME = "FunnelOps";
    private static final String ARGS = "    x: Tensor,\n    w: Tensor,\n    b: Tensor,\n    bn_w: Tensor,\n    bn_b: Tensor,\n"
            + "    running_mean: Tensor,\n    running_var: Tensor,\n    training: Tensor,\n    pad: Tensor,\n    groups: Tensor";
    private static final String BODY = "    rm = torch.clone(running_mean)\n"
            + "    rv = torch.clone(running_var)\n"
            + "    p = int(pad)\n"
            + "    t = torch.conv2d(x, w, b, [1, 1], [p, p], [1, 1], int(groups))\n"
            + "    t2 = torch.batch_norm(t, bn_w, bn_b, rm, rv, bool(training), 0.10000000000000001, 1.0000000000000001e-05, True)\n"
            + "    y = torch.maximum(x, t2)\n";
    /** The oracle module's TorchScript source. */
    public static final String SOURCE = "class " + CLASS_NAME + "(Module):\n"
            + "  __parameters__ = []\n"
            + "  __buffers__ = []\n"
            + "  training : bool\n"
            + "  def forward(self: __torch__." + CLASS_NAME + ",\n" + ARGS + ") -> List[Tensor]:\n"
            + BODY
            + "    return [y, rm, rv]\n"
            + "  def backward(self: __torch__." + CLASS_NAME + ",\n" + ARGS + ",\n    gy: Tensor) -> List[Tensor]:\n"
            + "    x = torch.requires_grad_(torch.detach(x))\n"
            + "    w = torch.requires_grad_(torch.detach(w))\n"
            + "    b = torch.requires_grad_(torch.detach(b))\n"
            + "    bn_w = torch.requires_grad_(torch.detach(bn_w))\n"
            + "    bn_b = torch.requires_grad_(torch.detach(bn_b))\n"
            + BODY
            + "    go = annotate(List[Optional[Tensor]], [gy])\n"
            + "    r = torch.autograd.grad([y], [x, w, b, bn_w, bn_b], go)\n"
            + "    return [unchecked_cast(Tensor, r[0]), unchecked_cast(Tensor, r[1]), unchecked_cast(Tensor, r[2]), "
            + "unchecked_cast(Tensor, r[3]), unchecked_cast(Tensor, r[4])]\n";

    private final Model model;

    private FunnelReference(Model model) {
        this.model = model;
    }

    /** Loads the module (a TorchScript archive written from {@link #SOURCE}). */
    public static FunnelReference load() {
        OracleEnvironment.check();
        try {
            Path dir = Files.createTempDirectory("funnel-ops");
            Path pt = dir.resolve("funnel-ops.pt");
            TorchScriptArchive.write(pt, CLASS_NAME, SOURCE);
            pt.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            Model m = Model.newInstance("funnel-ops", Device.cpu(), "PyTorch");
            m.load(dir, "funnel-ops");
            return new FunnelReference(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("funnel oracle module is malformed: " + e.getMessage(), e);
        }
    }

    /**
     * The module's output and running statistics after the call.
     *
     * @param x the input (N, C, H, W)
     * @param p conv weight (C, 1, k, k), conv bias, BN weight, BN bias, running mean, running variance
     * @param training BatchNorm's mode
     * @return y, running mean, running variance
     */
    public synchronized HostTensor[] forward(HostTensor x, HostTensor[] p, boolean training) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            return host(run("forward", m, x, p, training, null));
        }
    }

    /**
     * torch.autograd's gradients of the module for upstream gradient {@code gy}.
     *
     * @return d/dx, d/dconv weight, d/dconv bias, d/dBN weight, d/dBN bias
     */
    public synchronized HostTensor[] backward(HostTensor x, HostTensor[] p, boolean training, HostTensor gy) {
        try (NDManager m = model.getNDManager().newSubManager();
                GradientCollector autograd = m.getEngine().newGradientCollector()) {
            return host(run("backward", m, x, p, training, gy));
        }
    }

    private NDList run(String method, NDManager m, HostTensor x, HostTensor[] p, boolean training, HostTensor gy) {
        NDList in = new NDList();
        in.add(x.toNDArray(m));
        for (HostTensor t : p) {
            in.add(t.toNDArray(m));
        }
        in.add(m.create(training));
        in.add(m.create(p[0].shape()[2] / 2));
        in.add(m.create(x.shape()[1]));
        if (gy != null) {
            in.add(gy.toNDArray(m));
        }
        NDArray marker = m.create(0f);
        marker.setName("module_method:" + method);
        in.add(marker);
        NDList out = model.getBlock().forward(new ParameterStore(m, false), in, true);
        out.attach(m);
        return out;
    }

    private static HostTensor[] host(NDList out) {
        HostTensor[] r = new HostTensor[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = HostTensor.of(out.get(i));
        }
        return r;
    }

    @Override
    public synchronized void close() {
        model.close();
    }
}
