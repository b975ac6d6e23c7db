package io.github.torchact.parity.onnx.fuzz;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fuzzes {@link OnnxGraphBlock#loadParameters} with mutated parameter files of an imported model (mlp_prelu_op13,
 * embedded in the test resources): any byte string either loads or raises {@link MalformedModelException}; nothing else
 * escapes and no count read from the file is allocated unchecked. (A fuzzer can forge CRCs through comparison hints, so
 * a load is not required to give the saved values here; OnnxParameterIntegrityTest checks that for random corruption.)
 * Seeds: ParameterLoaderFuzzTestInputs/load, saved by this block.
 */
public class ParameterLoaderFuzzTest {

    private static OnnxGraphBlock block;

    private static synchronized OnnxGraphBlock block() throws IOException {
        if (block == null) {
            try (InputStream in = ParameterLoaderFuzzTest.class.getResourceAsStream("mlp_prelu_op13.onnx")) {
                block = OnnxImporter.importModel(in, "mlp_prelu_op13.onnx", FuzzSupport.manager(), FuzzSupport.limits());
            }
        }
        return block;
    }

    /** Entry point of Jazzer's standalone driver (the long run in plugin/onnx/README.md). */
    public static void fuzzerTestOneInput(byte[] data) throws IOException {
        new ParameterLoaderFuzzTest().load(data);
    }

    @FuzzTest(maxDuration = "24s")
    public void load(byte[] data) throws IOException {
        OnnxGraphBlock b = block();
        try (NDManager m = FuzzSupport.manager().newSubManager()) {
            b.loadParameters(m, new DataInputStream(new ByteArrayInputStream(data)));
        } catch (MalformedModelException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty()) {
                throw new AssertionError("MalformedModelException without a message", e);
            }
        }
    }
}
