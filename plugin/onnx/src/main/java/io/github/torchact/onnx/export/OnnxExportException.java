package io.github.torchact.onnx.export;

/** A block (or option) the exporter cannot write as ONNX; the message names the block and its path in the model. */
public class OnnxExportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OnnxExportException(String message) {
        super(message);
    }

    public OnnxExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
