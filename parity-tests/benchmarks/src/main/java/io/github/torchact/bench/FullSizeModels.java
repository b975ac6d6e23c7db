package io.github.torchact.bench;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * The full-size benchmark models ({@code models/onnx/bench}, {@code make_bench_models.py}): committed without their
 * large float weights, which are filled here with seeded values and written to a temporary file once per JVM. Timing
 * does not depend on the values as long as none is subnormal: each weight tensor draws from a normal distribution of
 * standard deviation {@code 1/sqrt(numel / largest dim)} (about one over the square root of the fan-in), which keeps
 * activations of order one through the depth of these networks.
 */
final class FullSizeModels {

    private static final Map<Path, Path> FILLED = new ConcurrentHashMap<>();

    private FullSizeModels() {}

    /** {@code stripped} with its weights filled, as a file that lives until the JVM exits. */
    static Path filled(Path stripped) {
        return FILLED.computeIfAbsent(stripped, FullSizeModels::fill);
    }

    private static Path fill(Path stripped) {
        try {
            OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(stripped)).toBuilder();
            OnnxMl.GraphProto.Builder g = m.getGraphBuilder();
            for (int i = 0; i < g.getInitializerCount(); i++) {
                OnnxMl.TensorProto t = g.getInitializer(i);
                if (t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT_VALUE && t.getRawData().isEmpty()
                        && t.getFloatDataCount() == 0 && t.getDataLocation() != OnnxMl.TensorProto.DataLocation.EXTERNAL) {
                    g.setInitializer(i, t.toBuilder().setRawData(values(t)).build());
                }
            }
            Path out = Files.createTempFile(stripped.getParent().getFileName() + "-", ".onnx");
            out.toFile().deleteOnExit();
            Files.write(out, m.build().toByteArray());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fill the weights of " + stripped, e);
        }
    }

    private static ByteString values(OnnxMl.TensorProto t) {
        long n = 1;
        long largest = 1;
        for (long d : t.getDimsList()) {
            n *= d;
            largest = Math.max(largest, d);
        }
        double sd = 1 / Math.sqrt(Math.max(1, n / largest));
        CRC32 crc = new CRC32();
        crc.update(t.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SplittableRandom r = new SplittableRandom(crc.getValue());
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(4 * n)).order(ByteOrder.LITTLE_ENDIAN);
        for (long k = 0; k < n; k++) {
            b.putFloat((float) (sd * Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble())));
        }
        b.flip();
        return ByteString.copyFrom(b);
    }
}
