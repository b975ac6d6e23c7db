package io.github.torchact.parity.onnx.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl;

import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.TensorProtos;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Import → export → import is the identity on the corpus (models/onnx/mlp_*, cnn_* and the 52 real models of
 * models/onnx/zoo): the written model has the original nodes, every parameter comes back under its ONNX name with
 * the same bits, and the re-imported block gives the same bits on the corpus input.
 */
class ExportRoundTripTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static Path corpus() {
        return Paths.get(System.getProperty("repo.root", "..")).resolve("models/onnx");
    }

    static List<Path> models() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : List.of(corpus(), corpus().resolve("zoo"))) {
            try (Stream<Path> s = Files.list(root)) {
                s.filter(p -> Files.exists(p.resolve("model.onnx"))).sorted().forEach(out::add);
            }
        }
        assertTrue(out.size() >= 76 + 52, "corpus incomplete: " + out.size());
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void importExportImportIsTheIdentity(Path dir) throws Exception {
        try (NDManager m = manager.newSubManager()) {
            OnnxGraphBlock first = OnnxImporter.importModel(dir.resolve("model.onnx"), m);
            OnnxMl.ModelProto written = first.toModelProto();
            OnnxMl.ModelProto original = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(dir.resolve("model.onnx")));
            assertEquals(original.getGraph().getNodeList(), written.getGraph().getNodeList(), dir + ": nodes changed");
            OnnxGraphBlock second = ExportTestSupport.reimport(written, m, dir.toString());
            int n = 0;
            for (Pair<String, Parameter> p : first.getParameters()) {
                Parameter back = second.parameter(p.getKey());
                assertNotNull(back, dir + ": parameter " + p.getKey() + " is missing after the round trip");
                assertTrue(p.getValue().getArray().contentEquals(back.getArray()), dir + ": parameter " + p.getKey() + " changed");
                n++;
            }
            assertEquals(n, second.getParameters().size(), dir + ": parameter count");
            NDList in = inputs(dir, m);
            NDList a = first.forward(new ParameterStore(m, false), in, false);
            NDList b = second.forward(new ParameterStore(m, false), in, false);
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertTrue(a.get(i).contentEquals(b.get(i)), dir + ": output " + i + " differs after the round trip");
            }
        }
    }

    private static NDList inputs(Path dir, NDManager m) throws IOException {
        Path data = Files.exists(dir.resolve("input_0.pb")) ? dir : dir.resolve("test_data_set_0");
        try (Stream<Path> s = Files.list(data)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().matches("input_\\d+\\.pb")).sorted().collect(Collectors.toList());
            assertFalse(files.isEmpty(), dir + ": no input_*.pb");
            NDList in = new NDList();
            for (Path f : files) {
                try {
                    in.add(TensorProtos.decode(OnnxMl.TensorProto.parseFrom(Files.readAllBytes(f)), null).toNDArray(m));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return in;
        }
    }

}
