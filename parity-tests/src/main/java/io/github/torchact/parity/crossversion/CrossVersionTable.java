package io.github.torchact.parity.crossversion;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.torchact.parity.compare.Stats;
import io.github.torchact.parity.inputs.ParityCase;
import io.github.torchact.parity.oracle.HostTensor;
import io.github.torchact.parity.oracle.TorchReference;
import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One-off comparison of the oracle (libtorch 2.7.1) with another PyTorch over the standard input
 * set. Three steps: {@code export <dir>} writes every parity case's input, weight and upstream
 * gradient; {@code models/goldens/cross_version.py <dir>} computes them with that PyTorch; {@code
 * compare <dir>} prints a Markdown table of max ulp per activation (forward and backward, f32 and f64).
 */
public final class CrossVersionTable {

    private CrossVersionTable() {}

    /** {@code export <dir>} or {@code compare <dir>}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !(args[0].equals("export") || args[0].equals("compare"))) {
            throw new IllegalArgumentException("usage: CrossVersionTable export|compare <dir>");
        }
        Path dir = Paths.get(args[1]);
        if (args[0].equals("export")) {
            export(dir);
        } else {
            compare(dir);
        }
    }

    /** The standard input set over every oracle method. */
    public static List<ParityCase> cases() {
        List<ParityCase> cases = new ArrayList<>();
        for (ActivationSpec s : Catalog.all()) {
            for (Params p : s.paramSets()) {
                for (boolean f64 : new boolean[] {false, true}) {
                    cases.add(ParityCase.standard(s, p, f64, s.weight() != null));
                }
            }
        }
        return cases;
    }

    private static void export(Path dir) throws IOException {
        Files.createDirectories(dir);
        JsonArray manifest = new JsonArray();
        List<ParityCase> cases = cases();
        for (int i = 0; i < cases.size(); i++) {
            ParityCase c = cases.get(i);
            JsonObject o = new JsonObject();
            o.addProperty("id", i);
            o.addProperty("activation", c.spec().name());
            JsonObject params = new JsonObject();
            for (int k = 0; k < c.spec().params().size(); k++) {
                params.addProperty(c.spec().params().get(k).name(), c.params().get(k));
            }
            o.add("params", params);
            o.addProperty("dtype", c.isF64() ? "float64" : "float32");
            o.add("shape", new Gson().toJsonTree(c.x().shape()));
            o.add("grad_shape", new Gson().toJsonTree(c.gy().shape()));
            write(dir.resolve(i + "_x.bin"), c.x());
            write(dir.resolve(i + "_gy.bin"), c.gy());
            if (c.weight() != null) {
                write(dir.resolve(i + "_w.bin"), c.weight());
                o.add("weight_shape", new Gson().toJsonTree(c.weight().shape()));
            }
            o.addProperty("differentiable", c.spec().differentiable());
            manifest.add(o);
        }
        Files.writeString(dir.resolve("manifest.json"), new GsonBuilder().setPrettyPrinting().create().toJson(manifest));
        System.out.println("exported " + cases.size() + " cases to " + dir);
    }

    private static void compare(Path dir) throws IOException {
        JsonArray manifest = JsonParser.parseString(Files.readString(dir.resolve("manifest.json"), StandardCharsets.UTF_8)).getAsJsonArray();
        String version = Files.readString(dir.resolve("torch_version.txt"), StandardCharsets.UTF_8).trim();
        List<ParityCase> cases = cases();
        Map<String, long[]> maxUlp = new LinkedHashMap<>(); // activation -> [fwd32, fwd64, bwd32, bwd64]
        Map<String, long[]> nonBitwise = new LinkedHashMap<>();
        long[] total = new long[2];
        for (int i = 0; i < cases.size(); i++) {
            ParityCase c = cases.get(i);
            if (manifest.get(i).getAsJsonObject().get("id").getAsInt() != i
                    || !manifest.get(i).getAsJsonObject().get("activation").getAsString().equals(c.spec().name())) {
                throw new IllegalStateException("export in " + dir + " does not match the current catalog; export again");
            }
            long[] u = maxUlp.computeIfAbsent(c.spec().name(), k -> new long[4]);
            long[] nb = nonBitwise.computeIfAbsent(c.spec().name(), k -> new long[4]);
            int col = c.isF64() ? 1 : 0;
            TorchReference torch = TorchReference.get();
            HostTensor y = torch.forward(c.spec(), c.params(), c.x(), c.weight());
            Stats f = Stats.compare(c.spec().bounds().get(c.isF64(), false), c.x(), read(dir.resolve(i + "_y.bin"), y), y);
            u[col] = Math.max(u[col], f.maxUlp());
            nb[col] += f.nonBitwise();
            total[0] += f.count();
            total[1] += f.nonBitwise();
            if (c.spec().differentiable()) {
                HostTensor gx = torch.backward(c.spec(), c.params(), c.x(), c.weight(), c.gy()).input();
                Stats b = Stats.compare(c.spec().bounds().get(c.isF64(), true), c.x(), c.gy(), read(dir.resolve(i + "_gx.bin"), gx), gx);
                u[col + 2] = Math.max(u[col + 2], b.maxUlp());
                nb[col + 2] += b.nonBitwise();
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| activation | fwd f32 | fwd f64 | bwd f32 | bwd f64 |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, long[]> e : maxUlp.entrySet()) {
            sb.append("| ").append(e.getKey());
            for (int k = 0; k < 4; k++) {
                long v = e.getValue()[k];
                sb.append(" | ").append(v == Long.MAX_VALUE ? "NaN≠" : Long.toString(v));
                if (nonBitwise.get(e.getKey())[k] > 0) {
                    sb.append(" (").append(nonBitwise.get(e.getKey())[k]).append(')');
                }
            }
            sb.append(" |\n");
        }
        System.out.println("libtorch 2.7.1 (oracle) vs PyTorch " + version + ": max ulp (non-bitwise count), "
                + total[1] + " of " + total[0] + " forward values differ\n");
        System.out.println(sb);
    }

    private static void write(Path file, HostTensor t) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(t.size() * (t.isF64() ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < t.size(); i++) {
            if (t.isF64()) {
                b.putDouble(t.f64()[i]);
            } else {
                b.putFloat(t.f32()[i]);
            }
        }
        Files.write(file, b.array());
    }

    private static HostTensor read(Path file, HostTensor like) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (like.isF64()) {
            double[] d = new double[like.size()];
            b.asDoubleBuffer().get(d);
            return HostTensor.of(d, like.shape());
        }
        float[] f = new float[like.size()];
        b.asFloatBuffer().get(f);
        return HostTensor.of(f, like.shape());
    }
}
