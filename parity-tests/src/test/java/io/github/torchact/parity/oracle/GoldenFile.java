package io.github.torchact.parity.oracle;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A golden-value file printed by real PyTorch (models/goldens/make_goldens.py): raw bit patterns. */
final class GoldenFile {

    final String torchVersion;
    final List<Case> cases = new ArrayList<>();

    /** One activation, parameter set and dtype as PyTorch computed it. */
    record Case(ActivationSpec spec, Params params, HostTensor x, HostTensor weight, HostTensor output,
            HostTensor gradOutput, HostTensor gradInput, HostTensor gradWeight, String gradError) {
        @Override
        public String toString() {
            return params + " " + x.dataType();
        }
    }

    private GoldenFile(JsonObject root) {
        torchVersion = root.get("torch_version").getAsString();
        for (JsonElement e : root.getAsJsonArray("cases")) {
            cases.add(parse(e.getAsJsonObject()));
        }
    }

    static GoldenFile load(String fileName) {
        Path p = Paths.get(System.getProperty("repo.root", ".."), "models", "goldens", fileName);
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            return new GoldenFile(JsonParser.parseReader(r).getAsJsonObject());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read golden file " + p, e);
        }
    }

    private static Case parse(JsonObject c) {
        ActivationSpec spec = Catalog.get(c.get("activation").getAsString());
        Map<String, Number> pv = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("params").entrySet()) {
            pv.put(e.getKey(), e.getValue().getAsDouble());
        }
        boolean f64 = c.get("dtype").getAsString().equals("float64");
        long[] shape = longs(c.getAsJsonArray("shape"));
        HostTensor x = tensor(c.getAsJsonArray("input"), f64, shape);
        HostTensor weight = null;
        HostTensor gradWeight = null;
        JsonObject weights = c.getAsJsonObject("weights");
        if (weights != null && !weights.entrySet().isEmpty()) {
            Map.Entry<String, JsonElement> w = weights.entrySet().iterator().next();
            JsonObject wo = w.getValue().getAsJsonObject();
            weight = tensor(wo.getAsJsonArray("data"), f64, longs(wo.getAsJsonArray("shape")));
            JsonObject gw = c.getAsJsonObject("grad_weights");
            if (gw != null && gw.has(w.getKey())) {
                gradWeight = tensor(gw.getAsJsonArray(w.getKey()), f64, weight.shape());
            }
        }
        HostTensor out = tensor(c.getAsJsonArray("output"), f64, null);
        HostTensor gy = tensor(c.getAsJsonArray("grad_output"), f64, null);
        HostTensor gx = c.get("grad_input").isJsonNull() ? null : tensor(c.getAsJsonArray("grad_input"), f64, shape);
        String gradError = c.has("grad_error") ? c.get("grad_error").getAsString() : null;
        return new Case(spec, spec.params(pv), x, weight, out, gy, gx, gradWeight, gradError);
    }

    private static long[] longs(JsonArray a) {
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).getAsLong();
        }
        return r;
    }

    private static HostTensor tensor(JsonArray hex, boolean f64, long[] shape) {
        long[] s = shape != null ? shape : new long[] {hex.size()};
        if (f64) {
            double[] d = new double[hex.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = Double.longBitsToDouble(Long.parseUnsignedLong(hex.get(i).getAsString().substring(2), 16));
            }
            return HostTensor.of(d, s);
        }
        float[] f = new float[hex.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = Float.intBitsToFloat((int) Long.parseLong(hex.get(i).getAsString().substring(2), 16));
        }
        return HostTensor.of(f, s);
    }
}
