package io.github.torchact.parity.onnx.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.torchact.onnx.OnnxImportException;
import io.github.torchact.onnx.OnnxModel;

import java.io.ByteArrayInputStream;

/**
 * Fuzzes {@link OnnxModel#read}: any byte string either reads or raises {@link OnnxImportException} naming the file;
 * nothing else escapes, nothing exhausts the heap. Seeds: small corpus models (ModelReaderFuzzTestInputs/read).
 */
public class ModelReaderFuzzTest {

    /** Entry point of Jazzer's standalone driver (the long run in plugin/onnx/README.md). */
    public static void fuzzerTestOneInput(byte[] data) {
        new ModelReaderFuzzTest().read(data);
    }

    @FuzzTest(maxDuration = "24s")
    public void read(byte[] data) {
        try {
            OnnxModel.read(new ByteArrayInputStream(data), "fuzz.onnx", FuzzSupport.limits());
        } catch (OnnxImportException e) {
            FuzzSupport.checkMessage(e, "fuzz.onnx");
        }
    }
}
