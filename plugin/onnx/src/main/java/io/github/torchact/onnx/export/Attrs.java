package io.github.torchact.onnx.export;

import ai.onnx.proto.OnnxMl;

/** ONNX node attributes. */
public final class Attrs {

    private Attrs() {}

    public static OnnxMl.AttributeProto f(String name, double value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF((float) value).build();
    }

    public static OnnxMl.AttributeProto i(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    public static OnnxMl.AttributeProto s(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    public static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    public static OnnxMl.AttributeProto tensor(String name, OnnxMl.TensorProto value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.TENSOR)
                .setT(value).build();
    }
}
