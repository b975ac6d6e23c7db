package io.github.torchact.examples;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.translate.TranslateException;

import io.github.torchact.nn.FlexibleReLU;
import io.github.torchact.nn.GELU;
import io.github.torchact.nn.PReLU;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small MLP with torchact blocks (GELU with the tanh approximation, PReLU, Flexible ReLU) trained
 * with DJL's Trainer (L2 loss, Adam) on a synthetic regression task on the PyTorch engine, then
 * saved with {@code Model.save} and reloaded with {@code Model.load}.
 */
public final class MlpExample {

    private static final int FEATURES = 4;
    private static final int HIDDEN = 16;

    /**
     * What a run produced.
     *
     * @param epochLosses the loss on the whole dataset after each epoch
     * @param initialLoss the loss on the whole dataset before training
     * @param finalLoss the loss on the whole dataset after training
     * @param trained the trained model's outputs on the dataset
     * @param reloaded the reloaded model's outputs on the dataset
     * @param preluSlope PReLU's slope after training (initialised to 0.25)
     */
    public record Result(List<Float> epochLosses, float initialLoss, float finalLoss, float[] trained,
            float[] reloaded, float preluSlope) {}

    private MlpExample() {}

    /** The network: Linear, GELU(tanh), Linear, PReLU, Linear, FlexibleReLU per feature, Linear. */
    public static Block network() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(HIDDEN).build())
                .add(GELU.builder().optApproximate("tanh").build())
                .add(Linear.builder().setUnits(HIDDEN).build())
                .add(PReLU.builder().build())
                .add(Linear.builder().setUnits(HIDDEN).build())
                .add(FlexibleReLU.builder().optNumParameters(HIDDEN).build())
                .add(Linear.builder().setUnits(1).build());
    }

    /** Trains for {@code epochs}, saves to {@code dir}, reloads and evaluates both. */
    public static Result run(int epochs, Path dir) throws IOException, TranslateException, MalformedModelException {
        Engine.getEngine("PyTorch").setRandomSeed(1234);
        try (Model model = Model.newInstance("mlp", Device.cpu(), "PyTorch")) {
            model.setBlock(network());
            NDManager m = model.getNDManager();
            NDArray x = m.randomUniform(-2f, 2f, new Shape(512, FEATURES));
            // target: a smooth nonlinear function of the features
            NDArray y = x.get(":, 0").sin().add(x.get(":, 1").mul(x.get(":, 2"))).sub(x.get(":, 3").abs())
                    .reshape(512, 1);
            ArrayDataset data = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(32, true).build();

            TrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().build());
            List<Float> losses = new ArrayList<>();
            float initial;
            float last;
            float slope;
            float[] trained;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(32, FEATURES));
                initial = loss(model.getBlock(), m, x, y);
                for (int epoch = 0; epoch < epochs; epoch++) {
                    EasyTrain.fit(trainer, 1, data, null);
                    losses.add(loss(model.getBlock(), m, x, y));
                }
                last = loss(model.getBlock(), m, x, y);
                trained = predict(model.getBlock(), m, x);
                slope = ((PReLU) ((SequentialBlock) model.getBlock()).getChildren().get(3).getValue())
                        .learnable().getArray().getFloat(0);
            }
            model.save(dir, "mlp");

            try (Model reloaded = Model.newInstance("mlp", Device.cpu(), "PyTorch")) {
                reloaded.setBlock(network());
                reloaded.load(dir, "mlp");
                float[] again = predict(reloaded.getBlock(), reloaded.getNDManager(), x);
                return new Result(losses, initial, last, trained, again, slope);
            }
        }
    }

    private static float[] predict(Block block, NDManager m, NDArray x) {
        return block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    private static float loss(Block block, NDManager m, NDArray x, NDArray y) {
        NDArray out = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
        return Loss.l2Loss().evaluate(new NDList(y), new NDList(out)).getFloat();
    }

    /** Trains, saves and reloads the network; prints the loss and the reprs. */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("mlp-example");
        Result r = run(args.length > 0 ? Integer.parseInt(args[0]) : 20, dir);
        System.out.printf("loss before training %.5f%n", r.initialLoss());
        for (int i = 0; i < r.epochLosses().size(); i++) {
            System.out.printf("epoch %2d  loss %.5f%n", i + 1, r.epochLosses().get(i));
        }
        System.out.printf("loss after training %.5f; PReLU slope %.4f; saved to %s, reloaded outputs identical: %s%n",
                r.finalLoss(), r.preluSlope(), dir, java.util.Arrays.equals(r.trained(), r.reloaded()));
    }
}
