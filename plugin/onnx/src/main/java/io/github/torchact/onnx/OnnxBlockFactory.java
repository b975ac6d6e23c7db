package io.github.torchact.onnx;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads an ONNX file as a DJL {@link Model}'s block through DJL's own {@code Criteria}: the {@link BlockFactory}
 * hook that DJL's model loader (and DJL Serving's {@code serving.properties}) calls to build a model's block.
 *
 * <pre>{@code
 * Criteria<NDList, NDList> criteria = Criteria.builder()
 *         .setTypes(NDList.class, NDList.class)
 *         .optModelPath(Paths.get("mlp.onnx"))           // the file, or the folder holding it
 *         .optEngine("PyTorch")                           // trainable with libtorch's autograd
 *         .optArgument("blockFactory", OnnxBlockFactory.class.getName())
 *         .optOption("hasParameter", "false")            // the weights are in the .onnx file
 *         .build();
 * try (ZooModel<NDList, NDList> model = criteria.loadModel()) {
 *     // model.newPredictor(), or model.newTrainer(config) to fine-tune, then model.save(dir, "mlp")
 * }
 * }</pre>
 *
 * <p>Which file: the argument {@code onnxFile} (a file name in the model folder) if given, else {@code
 * <model name>.onnx}, {@code <model name>} itself, the folder's only {@code .onnx} file, or {@code model.onnx}.
 * After {@code model.save(dir, "mlp")} beside {@code mlp.onnx}, the same criteria with {@code optModelPath(dir)},
 * {@code optModelName("mlp")} and without the {@code hasParameter} option load the ONNX graph and then the trained
 * parameters ({@code mlp-0001.params}).
 *
 * <p>The block is imported with {@link ImportOptions#defaults()} into the model's {@code NDManager}; the argument
 * {@code onnxCompile=false} imports it node by node, {@code onnxFusion=false} without activation fusion. A file
 * that cannot be imported fails the load with {@link OnnxImportException} naming the file and the node.
 */
public final class OnnxBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** The factory DJL instantiates by name ({@code optArgument("blockFactory", ...)}). */
    public OnnxBlockFactory() {}

    /** {@inheritDoc} */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        Path file = onnxFile(modelPath, model.getName(), arguments);
        ImportOptions options = ImportOptions.defaults()
                .optCompile(!"false".equals(String.valueOf(arguments.get("onnxCompile"))))
                .optFusion(!"false".equals(String.valueOf(arguments.get("onnxFusion"))));
        return OnnxImporter.importModel(file, model.getNDManager(), options);
    }

    /**
     * The ONNX file a model at {@code modelPath} (a file or a folder) named {@code modelName} stands for.
     *
     * @param modelPath the model's file or folder
     * @param modelName the model's name, or null
     * @param arguments the criteria's arguments ({@code onnxFile} names the file)
     * @return the file
     * @throws FileNotFoundException if there is none, naming what was looked for
     */
    static Path onnxFile(Path modelPath, String modelName, Map<String, ?> arguments) throws FileNotFoundException {
        if (Files.isRegularFile(modelPath)) {
            return modelPath;
        }
        Object named = arguments.get("onnxFile");
        List<Path> tried = new ArrayList<>();
        if (named != null) {
            Path p = modelPath.resolve(named.toString());
            if (Files.isRegularFile(p)) {
                return p;
            }
            throw new FileNotFoundException("onnxFile " + named + " not found in " + modelPath);
        }
        if (modelName != null) {
            for (String candidate : new String[] {modelName + ".onnx", modelName}) {
                Path p = modelPath.resolve(candidate);
                tried.add(p.getFileName());
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        List<Path> onnx = onnxFilesIn(modelPath);
        if (onnx.size() == 1) {
            return onnx.get(0);
        }
        Path fallback = modelPath.resolve("model.onnx");
        if (Files.isRegularFile(fallback)) {
            return fallback;
        }
        tried.add(fallback.getFileName());
        throw new FileNotFoundException("no ONNX file for model '" + modelName + "' in " + modelPath + ": tried " + tried
                + (onnx.isEmpty() ? ", and the folder has no .onnx file"
                        : ", and the folder has " + onnx.size() + " .onnx files; name one with optArgument(\"onnxFile\", ...)"));
    }

    private static List<Path> onnxFilesIn(Path dir) throws FileNotFoundException {
        if (!Files.isDirectory(dir)) {
            throw new FileNotFoundException("model path " + dir + " is neither a file nor a folder");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".onnx") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
