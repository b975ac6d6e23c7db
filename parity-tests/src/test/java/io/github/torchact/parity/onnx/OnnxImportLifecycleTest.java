package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImporter;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** An imported block's native memory is freed with the manager it was imported into, or by closing the block. */
class OnnxImportLifecycleTest {

    private static final Path MODEL = OnnxTestSupport.corpus().resolve("zoo/mobilenetv3_legacy17_dyn");

    @Test
    void hundredImportsLeaveNoLiveArrays() {
        try (NDManager root = NDManager.newBaseManager("PyTorch")) {
            // counted on DJL's system manager, which sees every manager's arrays (a leak into a new base manager too)
            NDManager system = root.getParentManager();
            importAndRun(root); // first use loads the TorchScript ops, which live for the JVM
            int before = system.getManagedArrays().size();
            for (int i = 0; i < 100; i++) {
                importAndRun(root);
            }
            assertEquals(before, system.getManagedArrays().size(), "arrays left alive by 100 imports");
        }
    }

    @Test
    void closedBlockRefusesToRun() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            OnnxGraphBlock block = OnnxImporter.importModel(MODEL.resolve("model.onnx"), m);
            block.close();
            NDList in = new NDList(OnnxTestSupport.pb(MODEL.resolve("test_data_set_0/input_0.pb")).toNDArray(m));
            assertThrows(IllegalStateException.class, () -> block.forward(new ParameterStore(m, false), in, false));
        }
    }

    private static void importAndRun(NDManager root) {
        try (NDManager m = root.newSubManager()) {
            OnnxGraphBlock block = OnnxImporter.importModel(MODEL.resolve("model.onnx"), m);
            NDList in = new NDList(OnnxTestSupport.pb(MODEL.resolve("test_data_set_0/input_0.pb")).toNDArray(m));
            block.forward(new ParameterStore(m, false), in, false);
        }
    }
}
