package fastai.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Random;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import fastai.Batches;
import fastai.CourseModel;
import fastai.display.ProgressBar;
import fastai.io.ArrayFiles;
import fastai.io.AtomicFiles;
import fastai.io.CacheFiles;
import fastai.train.Rows;
import java.util.stream.IntStream;

/**
 * Bottleneck features, the article's shortcut to a good classifier: run every image once through
 * a pretrained network cut after its last pooling layer (the convolutional "base", no dense top),
 * keep those activations on disk, and train only a small dense classifier on them. Epochs on the
 * features take milliseconds instead of a pass through the convolutions.
 *
 * <pre>{@code
 * var f = Bottleneck.features(pretrainedModel(), trainBatches, Path.of("data/features"), "train");
 * ComputationGraph top = Bottleneck.classifier(f.size(), 256, 2, 1e-3, 42);
 * }</pre>
 */
public final class Bottleneck {
    private Bottleneck() { }

    /** Features (one flattened row per image), one-hot labels, the files in row order, and whether they came from disk. */
    public record Features(INDArray x, INDArray y, List<String> files, List<String> classes, boolean loaded) {
        public long count() { return x.size(0); }
        /** Number of features per image. */
        public long size() { return x.size(1); }

        /** Mini-batches of (features, labels), reshuffled with {@code seed} (no shuffle when seed < 0). */
        public DataSetIterator batches(int batchSize, long seed) {
            if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
            int n = (int) count();
            // a permutation, then one gather per batch (DataSet.shuffle is slow row by row)
            int[] order = seed >= 0 ? Rows.permutation(n, new Random(seed)) : IntStream.range(0, n).toArray();
            List<DataSet> list = new ArrayList<>();
            for (int from = 0; from < n; from += batchSize) {
                int[] idx = Arrays.copyOfRange(order, from, Math.min(n, from + batchSize));
                list.add(new DataSet(Nd4j.pullRows(x, 1, idx), Nd4j.pullRows(y, 1, idx)));
            }
            return new ExistingDataSetIterator(list);
        }

        @Override public String toString() {
            return String.format(Locale.ROOT, "%d images x %d features (%s)", count(), size(), loaded ? "loaded from disk" : "computed");
        }
    }

    /** Name of the vertex the base ends at: the graph's last pooling layer. */
    public static String cutAt(ComputationGraph g) {
        String last = null;
        for (String name : g.getConfiguration().getTopologicalOrderStr()) {
            if (g.getConfiguration().getVertices().get(name) instanceof LayerVertex lv
                    && lv.getLayerConf().getLayer() instanceof SubsamplingLayer) last = name;
        }
        if (last == null) throw new IllegalArgumentException("the network has no pooling layer to cut after");
        return last;
    }

    /**
     * The base's output for every image of {@code batches} (one pass in file order, with a
     * progress bar). {@code batches} must be labelled, unshuffled, and at the model's input size.
     */
    public static Features compute(CourseModel model, Batches batches) {
        check(model, batches);
        ComputationGraph g = model.graph();
        String cut = cutAt(g);
        int till = g.getVertex(cut).getVertexIndex();
        batches.reset();
        List<INDArray> xs = new ArrayList<>(), ys = new ArrayList<>();
        ProgressBar bar = new ProgressBar("bottleneck features of " + batches.count() + " images (" + model.kind() + " up to " + cut + ")",
                batches.numBatches()).unit("img");
        while (batches.hasNext()) {
            DataSet ds = batches.next();
            INDArray in = model.networkInput(model.prepare(ds.getFeatures()));
            INDArray a = g.feedForward(new INDArray[] {in}, till, false).get(cut);
            xs.add(a.reshape('c', a.size(0), a.length() / a.size(0)).castTo(DataType.FLOAT).dup());
            ys.add(ds.getLabels().castTo(DataType.FLOAT));
            bar.step(ds.numExamples());
        }
        bar.done();
        batches.reset();
        return new Features(Nd4j.vstack(xs), Nd4j.vstack(ys), batches.files(), batches.classes(), false);
    }

    /**
     * The features of {@code batches} saved under {@code dir} as {@code NAME-features.npy},
     * {@code NAME-labels.npy} and {@code NAME-files.txt}: loaded when those exist and were made by
     * the same model from the same files, computed and saved otherwise.
     */
    public static Features features(CourseModel model, Batches batches, Path dir, String name) {
        check(model, batches);
        Path fx = dir.resolve(name + "-features.npy"), fy = dir.resolve(name + "-labels.npy"), ff = dir.resolve(name + "-files.txt");
        String stamp = stamp(model, batches);
        try {
            if (Files.isRegularFile(ff) && Files.readString(ff, StandardCharsets.UTF_8).equals(stamp)) {
                // the stamp is written last; each array must also be exactly what was written
                String problem = CacheFiles.problem(fx);
                if (problem == null) problem = CacheFiles.problem(fy);
                if (problem == null) {
                    INDArray x = ArrayFiles.load(fx), y = ArrayFiles.load(fy);
                    if (x.size(0) == batches.count() && y.size(0) == batches.count() && y.size(1) == batches.numClasses()) {
                        return new Features(x, y, batches.files(), batches.classes(), true);
                    }
                    problem = "their shapes do not match " + batches.count() + " images";
                }
                System.out.println("saved features " + dir.resolve(name) + "-* are not usable (" + problem + "); computing them again");
            }
            Features f = compute(model, batches);
            Files.createDirectories(dir);
            Files.deleteIfExists(ff);     // first: while the arrays are rewritten, the old stamp must not vouch for them
            CacheFiles.write(fx, tmp -> ArrayFiles.save(tmp, f.x()));
            CacheFiles.write(fy, tmp -> ArrayFiles.save(tmp, f.y()));
            AtomicFiles.write(ff, tmp -> Files.writeString(tmp, stamp, StandardCharsets.UTF_8));   // last: marks the pair complete
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write bottleneck features in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** What the saved features depend on: the model (kind, cut, a parameter checksum), the input size, the files. */
    static String stamp(CourseModel model, Batches batches) {
        ComputationGraph g = model.graph();
        StringBuilder sb = new StringBuilder();
        sb.append(model.kind()).append(" cut at ").append(cutAt(g)).append(", ").append(g.numParams()).append(" params, sum ")
                .append(String.format(Locale.ROOT, "%.6e", g.params().castTo(DataType.DOUBLE).sumNumber().doubleValue()))
                .append(", input ").append(batches.height()).append('x').append(batches.width()).append('x').append(batches.channels())
                .append(", classes ").append(batches.classes()).append('\n');
        for (String f : batches.files()) sb.append(f).append('\n');
        return sb.toString();
    }

    private static void check(CourseModel model, Batches batches) {
        if (model == null) throw new IllegalArgumentException("model is null");
        if (batches == null) throw new IllegalArgumentException("batches are null");
        if (!batches.labelled()) throw new IllegalArgumentException("bottleneck features need labelled batches; " + batches.path() + " is unlabelled");
        if (batches.shuffled()) {
            throw new IllegalArgumentException("open " + batches.path() + " with shuffle(false): saved features must stay in file order");
        }
        if (batches.height() != model.height() || batches.width() != model.width() || batches.channels() != model.channels()) {
            throw new IllegalArgumentException(model.kind() + " takes " + model.height() + "x" + model.width() + "x" + model.channels()
                    + " images but " + batches.path() + " is read at " + batches.height() + "x" + batches.width() + "x" + batches.channels());
        }
    }

    /**
     * The small classifier on top: dense {@code hidden} relu units, dropout 0.5 (DL4J's
     * {@code dropOut(0.5)} keeps half, the same as Keras' {@code Dropout(0.5)}), softmax over
     * {@code numClasses}, trained with RMSprop at {@code lr}.
     */
    public static ComputationGraph classifier(long features, int hidden, int numClasses, double lr, long seed) {
        if (features < 1 || hidden < 1 || numClasses < 2) {
            throw new IllegalArgumentException("classifier needs features >= 1, hidden >= 1 and numClasses >= 2, got "
                    + features + ", " + hidden + ", " + numClasses);
        }
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed).updater(new RmsProp(lr))
                .weightInit(WeightInit.RELU).graphBuilder().addInputs("features")
                .addLayer("dense", new DenseLayer.Builder().nIn(features).nOut(hidden).activation(Activation.RELU).build(), "features")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(numClasses)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).dropOut(0.5).build(), "dense")
                .setOutputs("out").build());
        g.init();
        return g;
    }
}
