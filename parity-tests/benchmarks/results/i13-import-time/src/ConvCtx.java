import ai.djl.Model;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.github.torchact.torchscript.TorchScriptArchive;
import java.nio.file.*;

public class ConvCtx {
    static final String SRC = String.join("\n",
        "class M(Module):",
        "  __parameters__ = []",
        "  __buffers__ = []",
        "  training : bool",
        "  def forward(self, x: Tensor, w: Tensor, b: Tensor, sel: Tensor) -> Tensor:",
        "    mode = sel.size(0)",
        "    n = sel.size(1)",
        "    g = sel.size(2)",
        "    s = sel.size(3)",
        "    k = w.size(2)",
        "    p = k // 2",
        "    y = x",
        "    if mode == 1:",
        "      for i in range(n):",
        "        y = torch.conv2d(x, w, b, [s, s], [p, p], [1, 1], g)",
        "    if mode == 2:",
        "      pw = ops.mkldnn._reorder_convolution_weight(w, [p, p], [s, s], [1, 1], g, None)",
        "      for i in range(n):",
        "        y = ops.mkldnn._convolution_pointwise(x, pw, b, [p, p], [s, s], [1, 1], g, \"none\", [], None)",
        "    if mode == 3:",
        "      ctx = ops.mkldnn_prepacked.conv2d_prepack(w, b, [s, s], [p, p], [1, 1], g, x.size(), \"none\")",
        "      for i in range(n):",
        "        y = ops.mkldnn_prepacked.conv2d_run(x, ctx)",
        "    if mode == 4:",
        "      ctx = ops.mkldnn_prepacked.conv2d_prepack(w, b, [s, s], [p, p], [1, 1], g, x.size(), \"relu\")",
        "      for i in range(n):",
        "        y = ops.mkldnn_prepacked.conv2d_run(x, ctx)",
        "    return y",
        "");
    public static void main(String[] a) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        ai.djl.engine.Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(1);
        Path dir = Files.createTempDirectory("cc");
        TorchScriptArchive.write(dir.resolve("m.pt"), "M", SRC);
        Model model = Model.newInstance("m", ai.djl.Device.cpu(), "PyTorch");
        model.load(dir, "m");
        NDManager m = model.getNDManager();
        // cases: C, H, groups(0=depthwise), k, stride, Cout
        int[][] cases = {{16,16,0,3,2,16},{16,8,1,1,1,64},{64,8,1,1,1,16},{16,112,0,3,2,16},{72,28,0,5,1,72},{72,28,1,1,1,24},{576,7,1,1,1,96},{64,56,1,3,1,64}};
        for (int[] c : cases) {
            int C=c[0],H=c[1],g=c[2]==0?C:1,k=c[3],s=c[4],Co=c[5];
            NDArray x = m.randomNormal(new Shape(1, C, H, H));
            NDArray w = m.randomNormal(new Shape(Co, C / g, k, k));
            NDArray b = m.randomNormal(new Shape(Co));
            StringBuilder sb = new StringBuilder(String.format("C%d H%d g%d k%d s%d Co%d:", C, H, g, k, s, Co));
            NDArray ref = null;
            for (int mode = 1; mode <= 3; mode++) {
                int n = 2000 / (1 + H*H*C/4096);
                if (n < 20) n = 20;
                NDArray sel = m.zeros(new Shape(mode, n, g, s));
                NDArray selw = m.zeros(new Shape(mode, 50, g, s));
                for (int r = 0; r < 3; r++) try (NDScope sc = new NDScope()) { model.getBlock().forward(new ParameterStore(m,false), new NDList(x,w,b,selw), false); }
                long best = Long.MAX_VALUE; NDArray y = null;
                for (int r = 0; r < 5; r++) {
                    long t = System.nanoTime();
                    NDList out = model.getBlock().forward(new ParameterStore(m,false), new NDList(x,w,b,sel), false);
                    best = Math.min(best, System.nanoTime() - t);
                    y = out.head();
                }
                if (ref == null) ref = y; else sb.append(String.format(" [maxdiff %.1e]", ref.sub(y).abs().max().getFloat()));
                sb.append(String.format(" mode%d %.1f us", mode, best / 1e3 / n));
            }
            System.out.println(sb);
        }
    }
}
