package io.github.torchact.onnx;

/**
 * An ONNX model that cannot be imported: unreadable file, malformed graph (see {@code GraphValidator}), unknown
 * operator, unsupported attribute value, inconsistent initializer, external data outside the model directory, a
 * limit of {@link ImportOptions} exceeded. The message names the file, the node, the operator and the attribute or
 * tensor concerned and what was expected. Reading or importing a malformed file raises no other exception type.
 */
public class OnnxImportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An import failure described by {@code message}. */
    public OnnxImportException(String message) {
        super(message);
    }

    /** An import failure described by {@code message}, caused by {@code cause}. */
    public OnnxImportException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An exception about one node: {@code node 'name' (op): message}. */
    public static OnnxImportException atNode(OnnxNode node, String message) {
        return new OnnxImportException(node.describe() + ": " + message);
    }

    /** An exception about one node, keeping the exception that revealed the problem as its cause. */
    public static OnnxImportException atNode(OnnxNode node, String message, Throwable cause) {
        return new OnnxImportException(node.describe() + ": " + message, cause);
    }
}
