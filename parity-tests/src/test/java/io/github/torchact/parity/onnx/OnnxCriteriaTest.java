package io.github.torchact.parity.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;

import io.github.torchact.onnx.OnnxBlockFactory;
import io.github.torchact.onnx.OnnxGraphBlock;
import io.github.torchact.onnx.OnnxImportException;
import io.github.torchact.onnx.OnnxImporter;
import io.github.torchact.onnx.TensorProtos;
import io.github.torchact.onnx.TensorValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An ONNX file loads into a DJL {@code Model} through {@code Criteria} ({@link OnnxBlockFactory}), predicts what
 * {@link OnnxImporter} gives bit for bit, trains with DJL's Trainer, saves with {@code Model.save} and reloads
 * (graph from the .onnx, trained weights from the .params) to the trained outputs.
 */
class OnnxCriteriaTest {

    private static final Path MLP = OnnxTestSupport.corpus().resolve("mlp_gelu_tanh_op13");

    static Criteria.Builder<NDList, NDList> onnxCriteria(Path modelPath) {
        return Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(modelPath)
                .optEngine("PyTorch")
                .optArgument("blockFactory", OnnxBlockFactory.class.getName());
    }

    @Test
    void predictsAsTheImporter() throws Exception {
        TensorValue input = TensorProtos.read(MLP.resolve("input_0.pb"));
        float[] viaCriteria;
        try (ZooModel<NDList, NDList> model = onnxCriteria(MLP.resolve("model.onnx")).optOption("hasParameter", "false").build().loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertTrue(model.getBlock() instanceof OnnxGraphBlock, String.valueOf(model.getBlock()));
            viaCriteria = predictor.predict(new NDList(input.toNDArray(m))).head().toFloatArray();
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            OnnxGraphBlock block = OnnxImporter.importModel(MLP.resolve("model.onnx"), m);
            float[] direct = block.forward(new ai.djl.training.ParameterStore(m, false), new NDList(input.toNDArray(m)), false)
                    .head().toFloatArray();
            assertArrayEquals(direct, viaCriteria);
        }
        float[] torch = OnnxTestSupport.floats(TensorProtos.read(MLP.resolve("torch_output_0.pb")));
        for (int i = 0; i < torch.length; i++) {
            assertEquals(torch[i], viaCriteria[i], 1e-5 + 1e-5 * Math.abs(torch[i]), "element " + i);
        }
    }

    @Test
    void trainsSavesAndReloads(@TempDir Path dir) throws Exception {
        Files.copy(MLP.resolve("model.onnx"), dir.resolve("mlp.onnx"));
        float[] trained;
        float[] probe = new float[3 * 8];
        for (int i = 0; i < probe.length; i++) {
            probe[i] = (i % 7 - 3) / 3f;
        }
        try (ZooModel<NDList, NDList> model = onnxCriteria(dir.resolve("mlp.onnx")).optOption("hasParameter", "false").build().loadModel()) {
            NDManager m = model.getNDManager();
            float before = predict(model, probe)[0];
            NDArray x = m.randomNormal(new Shape(32, 8));
            NDArray y = m.randomNormal(new Shape(32, 4));
            ArrayDataset data = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(8, false).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                for (Batch batch : trainer.iterateDataset(data)) {
                    EasyTrain.trainBatch(trainer, batch);
                    trainer.step();
                    batch.close();
                }
            }
            trained = predict(model, probe);
            assertFalse(before == trained[0], "training changed the output");
            model.save(dir, "mlp");
        }
        assertTrue(Files.exists(dir.resolve("mlp-0000.params")), "Model.save wrote mlp-0000.params");
        try (ZooModel<NDList, NDList> reloaded = onnxCriteria(dir).optModelName("mlp").build().loadModel()) {
            assertArrayEquals(trained, predict(reloaded, probe));
        }
    }

    @Test
    void aFolderWithoutOnnxFileIsNamed(@TempDir Path dir) {
        Exception e = assertThrows(Exception.class,
                () -> onnxCriteria(dir).optOption("hasParameter", "false").build().loadModel());
        Throwable t = e;
        while (!(t instanceof FileNotFoundException) && t.getCause() != null) {
            t = t.getCause();
        }
        assertTrue(t instanceof FileNotFoundException && t.getMessage().contains("no ONNX file"), String.valueOf(e));
    }

    @Test
    void tensorFilesReadWithoutProtobufClasses(@TempDir Path dir) throws IOException {
        TensorValue v = TensorProtos.read(MLP.resolve("input_0.pb"));
        assertArrayEquals(new long[] {3, 8}, v.shape());
        assertArrayEquals(OnnxTestSupport.pb(MLP.resolve("input_0.pb")).toDoubles(), v.toDoubles());
        Path junk = Files.write(dir.resolve("junk.pb"), new byte[] {(byte) 0xff, 0x01, 0x02});
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> TensorProtos.read(junk));
        assertTrue(e.getMessage().contains("junk.pb") && e.getMessage().contains("TensorProto"), e.getMessage());
    }

    @Test
    void reportNamesCatalogSoftmaxFamily() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            String report = OnnxImporter.importModel(OnnxTestSupport.corpus().resolve("mlp_logsoftmax_op13/model.onnx"), m)
                    .report().toString();
            assertTrue(report.contains("-> catalog log_softmax(dim="), report);
            assertFalse(report.contains("(LogSoftmax@13) -> NDArray op"), report);
        }
    }

    private static float[] predict(ZooModel<NDList, NDList> model, float[] x) throws TranslateException {
        try (Predictor<NDList, NDList> p = model.newPredictor(); NDManager m = model.getNDManager().newSubManager()) {
            return p.predict(new NDList(m.create(x, new Shape(3, 8)))).head().toFloatArray();
        }
    }
}
