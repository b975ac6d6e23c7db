package io.github.torchact.parity.onnx.fuzz;

import ai.djl.ndarray.NDManager;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImportException;
import io.github.torchact.onnx.OnnxImporter;

import java.io.ByteArrayInputStream;

/**
 * Fuzzes {@link OnnxImporter#importModel} (read, validation, fusion, conversion, initialisation and the trial run on
 * libtorch) with small limits: any byte string either imports or raises {@link OnnxImportException}; nothing else
 * escapes and the JVM survives (a libtorch crash ends the run). Seeds: small corpus models
 * (ImporterFuzzTestInputs/importModel).
 */
public class ImporterFuzzTest {

    private static final ImportOptions LIMITS = FuzzSupport.limits();

    /** Entry point of Jazzer's standalone driver (the long run in plugin/onnx/README.md). */
    public static void fuzzerTestOneInput(byte[] data) {
        new ImporterFuzzTest().importModel(data);
    }

    @FuzzTest(maxDuration = "24s")
    public void importModel(byte[] data) {
        try (NDManager m = FuzzSupport.manager().newSubManager()) {
            OnnxGraphBlock block = OnnxImporter.importModel(new ByteArrayInputStream(data), "fuzz.onnx", m, LIMITS);
            block.close();
        } catch (OnnxImportException e) {
            FuzzSupport.checkMessage(e, "fuzz.onnx");
        }
    }
}
