package io.github.torchact.parity.onnx.fuzz;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImportException;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.parity.onnx.OnnxMutationTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Structure-aware companion of {@link ImporterFuzzTest}: the fuzzer's bytes pick a seed model (the importer's seeds)
 * and drive 1 to 4 protobuf-field mutations of {@link OnnxMutationTest#mutate} (dims, data types, raw data, attribute
 * values, input and output counts, duplicate names, opsets, op types, node order, input shapes, external data, graph
 * outputs, IR version), so that nearly every input parses and reaches validation, conversion and libtorch. Only
 * {@link OnnxImportException} may escape. Seeds: MutatedModelFuzzTestInputs/mutatedModel.
 */
public class MutatedModelFuzzTest {

    private static final String[] MODELS = {"mlp_glu_op13.onnx", "mlp_softshrink_op17.onnx", "cnn_op13.onnx",
        "mlp_gelu_tanh_op17.onnx", "test_conv_with_strides_padding.onnx", "test_gather_0.onnx", "test_slice.onnx",
        "test_resize_upsample_scales_linear.onnx", "test_maxpool_2d_pads.onnx", "test_expand_dim_changed.onnx",
        "test_reshape_negative_dim.onnx", "test_transpose_all_permutations_3.onnx"};
    private static final ImportOptions LIMITS = FuzzSupport.limits();
    private static List<OnnxMl.ModelProto> seeds;

    private static synchronized List<OnnxMl.ModelProto> seeds() {
        if (seeds == null) {
            List<OnnxMl.ModelProto> s = new ArrayList<>();
            for (String m : MODELS) {
                try (InputStream in = MutatedModelFuzzTest.class.getResourceAsStream("ImporterFuzzTestInputs/importModel/" + m)) {
                    s.add(OnnxMl.ModelProto.parseFrom(in));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            seeds = s;
        }
        return seeds;
    }

    /** Entry point of Jazzer's standalone driver (the long run in plugin/onnx/README.md). */
    public static void fuzzerTestOneInput(FuzzedDataProvider in) {
        new MutatedModelFuzzTest().mutatedModel(in);
    }

    @FuzzTest(maxDuration = "24s")
    public void mutatedModel(FuzzedDataProvider in) {
        List<OnnxMl.ModelProto> s = seeds();
        OnnxMl.ModelProto p = s.get(in.consumeInt(0, s.size() - 1));
        int k = in.consumeInt(1, 4);
        StringBuilder desc = new StringBuilder();
        for (int i = 0; i < k; i++) {
            p = OnnxMutationTest.mutate(p, new Random(in.consumeLong()), desc.append(i == 0 ? "" : "; "));
        }
        try (NDManager m = FuzzSupport.manager().newSubManager()) {
            OnnxGraphBlock block = OnnxImporter.importModel(new ByteArrayInputStream(p.toByteArray()), "fuzz.onnx", m, LIMITS);
            block.close();
        } catch (OnnxImportException e) {
            FuzzSupport.checkMessage(e, "fuzz.onnx");
        } catch (RuntimeException e) {
            throw new AssertionError("mutations [" + desc + "]: " + e, e);
        }
    }
}
