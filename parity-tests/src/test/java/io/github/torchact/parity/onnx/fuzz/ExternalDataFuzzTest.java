package io.github.torchact.parity.onnx.fuzz;

import ai.onnx.proto.OnnxMl;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.torchact.onnx.ImportOptions;
import io.github.torchact.onnx.OnnxImportException;
import io.github.torchact.onnx.TensorProtos;
import io.github.torchact.onnx.TensorValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Fuzzes the external-data resolver through {@link TensorProtos#decode}: a tensor with fuzzed data type, dims and
 * external_data entries (location, offset, length, checksum, unknown keys) against a model directory holding data
 * files, a sub-directory and a symbolic link out of it. Either the tensor decodes from a file inside the directory with
 * exactly its declared size, or {@link OnnxImportException} is raised; nothing else escapes, nothing outside the
 * directory is read. Seeds: ExternalDataFuzzTestInputs/resolve.
 */
public class ExternalDataFuzzTest {

    private static final String[] KEYS = {"location", "offset", "length", "checksum", "basepath", "location"};
    private static final ImportOptions LIMITS = FuzzSupport.limits();
    private static Path dir;

    private static synchronized Path modelDir() {
        if (dir == null) {
            try {
                Path d = Files.createTempDirectory("onnx-fuzz-external");
                byte[] data = new byte[4096];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) i;
                }
                Files.write(d.resolve("w.bin"), data);
                Files.createDirectories(d.resolve("sub"));
                Files.write(d.resolve("sub").resolve("x.bin"), new byte[64]);
                Path outside = Files.createTempFile("onnx-fuzz-outside", ".bin");
                Files.write(outside, new byte[4096]);
                Files.createSymbolicLink(d.resolve("link.bin"), outside);
                dir = d.toRealPath();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** Entry point of Jazzer's standalone driver (the long run in plugin/onnx/README.md). */
    public static void fuzzerTestOneInput(FuzzedDataProvider in) {
        new ExternalDataFuzzTest().resolve(in);
    }

    @FuzzTest(maxDuration = "24s")
    public void resolve(FuzzedDataProvider in) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName("w").setDataType(in.consumeInt(0, 17))
                .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL);
        int rank = in.consumeInt(0, 3);
        for (int i = 0; i < rank; i++) {
            t.addDims(in.consumeBoolean() ? in.consumeLong(-2, 64) : in.consumeLong());
        }
        int entries = in.consumeInt(0, 4);
        for (int i = 0; i < entries; i++) {
            String key = KEYS[in.consumeInt(0, KEYS.length - 1)];
            String value = key.equals("location") && in.consumeBoolean()
                    ? new String[] {"w.bin", "sub/x.bin", "link.bin", "sub", "../w.bin", "/etc/hostname", "w.bin\0"}[in.consumeInt(0, 6)]
                    : in.consumeString(24);
            t.addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value));
        }
        if (in.consumeBoolean()) {
            t.setRawData(com.google.protobuf.ByteString.copyFrom(in.consumeBytes(8)));
        }
        Path d = modelDir();
        try {
            TensorValue v = TensorProtos.decode(t.build(), d, LIMITS);
            // decoded: it came from a file inside the directory, with exactly its declared size
            long bytes = v.size() * v.dataType().getNumOfBytes();
            if (bytes > 4096) {
                throw new AssertionError("decoded " + bytes + " bytes, more than any file in the directory holds");
            }
        } catch (OnnxImportException e) {
            FuzzSupport.checkMessage(e, "'w'");
        }
        if (!Paths.get(d.toString()).toFile().isDirectory()) {
            throw new AssertionError("the model directory is gone");
        }
    }
}
