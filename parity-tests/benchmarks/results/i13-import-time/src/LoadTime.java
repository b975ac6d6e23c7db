import ai.djl.Model;
import io.github.torchact.torchscript.TorchScriptArchive;
import java.io.*;
import java.nio.file.*;

public class LoadTime {
    public static void main(String[] a) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        ai.djl.engine.Engine.getEngine("PyTorch");
        for (String f : a) {
            String src = Files.readString(Path.of(f));
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            TorchScriptArchive.write(zip, "TorchactOnnxGraph", src);
            byte[] arc = zip.toByteArray();
            for (int round = 0; round < 2; round++) {
                long t = System.nanoTime(); int n = 40; long tl = 0, tc = 0;
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    Model m = Model.newInstance("m", ai.djl.Device.cpu(), "PyTorch");
                    m.load(new ByteArrayInputStream(arc));
                    long t1 = System.nanoTime();
                    m.close();
                    tl += t1 - t0; tc += System.nanoTime() - t1;
                }
                System.out.printf("%s: load %.2f ms, close %.2f ms (%d chars)%n", f, tl / 1e6 / n, tc / 1e6 / n, src.length());
            }
        }
    }
}
