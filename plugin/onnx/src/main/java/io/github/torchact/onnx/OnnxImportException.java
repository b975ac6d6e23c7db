package io.github.torchact.onnx;

/**
 * An ONNX model that cannot be imported: unreadable file, unknown operator, unsupported attribute value,
 * inconsistent initializer, external data outside the model directory. The message names the node, the
 * operator and the attribute or file concerned.
 */
public class OnnxImportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OnnxImportException(String message) {
        super(message);
    }

    public OnnxImportException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An exception about one node: {@code node 'name' (op): message}. */
    public static OnnxImportException atNode(OnnxNode node, String message) {
        return new OnnxImportException(node.describe() + ": " + message);
    }
}
