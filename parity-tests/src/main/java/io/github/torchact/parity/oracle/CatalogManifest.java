package io.github.torchact.parity.oracle;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Param;
import io.github.torchact.spec.Params;

import java.util.Arrays;

/**
 * The catalog as JSON for the Python scripts under {@code models/goldens/} (they cannot read Java): every
 * activation with its parameters, parameter sets (defaults, then examples) with their thresholds, plot range,
 * layout and learnable tensor. Committed as {@value #REPO_PATH}; a test fails while it and the catalog disagree.
 */
public final class CatalogManifest {

    /** Where the manifest lives, relative to the repository root. */
    public static final String REPO_PATH = "models/catalog.json";

    private CatalogManifest() {}

    /** The manifest the catalog defines. */
    public static String generate() {
        JsonObject doc = new JsonObject();
        doc.addProperty("generated_by", CatalogManifest.class.getName() + "; regenerate with: " + OracleSource.REGENERATE);
        JsonArray activations = new JsonArray();
        for (ActivationSpec s : Catalog.all()) {
            activations.add(activation(s));
        }
        doc.add("activations", activations);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(doc) + "\n";
    }

    private static JsonObject activation(ActivationSpec s) {
        JsonObject o = new JsonObject();
        o.addProperty("name", s.name());
        o.addProperty("block", s.blockName());
        o.addProperty("torch", s.torchName());
        o.addProperty("torch_expression", s.torchExpr());
        o.addProperty("layout", s.layout().name());
        JsonArray params = new JsonArray();
        for (Param p : s.params()) {
            JsonObject po = new JsonObject();
            po.addProperty("name", p.name());
            po.addProperty("kind", p.kind().name());
            if (p.hasDefault()) {
                po.add("default", new GsonBuilder().create().toJsonTree(value(p, p.defaultValue())));
            }
            params.add(po);
        }
        o.add("params", params);
        if (s.weight() != null) {
            JsonObject w = new JsonObject();
            w.addProperty("name", s.weight().name());
            w.addProperty("init", s.weight().init());
            o.add("weight", w);
        }
        o.addProperty("differentiable", s.differentiable());
        o.addProperty("halves_dim", s.halvesDim());
        JsonArray plot = new JsonArray();
        plot.add(s.plotMin());
        plot.add(s.plotMax());
        o.add("plot", plot);
        JsonArray sets = new JsonArray();
        for (Params p : s.paramSets()) {
            JsonObject set = new JsonObject();
            JsonObject values = new JsonObject();
            for (int i = 0; i < s.params().size(); i++) {
                Param param = s.params().get(i);
                values.add(param.name(), new GsonBuilder().create().toJsonTree(value(param, p.get(i))));
            }
            set.add("values", values);
            JsonArray thresholds = new JsonArray();
            Arrays.stream(s.thresholds(p)).forEach(thresholds::add);
            set.add("thresholds", thresholds);
            sets.add(set);
        }
        o.add("param_sets", sets);
        return o;
    }

    /** An integer parameter (a dim) as a JSON integer, a real one as a JSON double. */
    private static Number value(Param p, double v) {
        return p.kind() == Param.Kind.INT ? (Number) (long) v : (Number) v;
    }
}
