package fastai;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import fastai.train.Data;
import fastai.train.Evaluate;
import fastai.train.Fit;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import fastai.display.ProgressBar;
import fastai.io.AtomicFiles;
import fastai.io.CacheFiles;
import fastai.models.ImagePreprocessor;
import fastai.models.MiniVgg;
import fastai.models.Vgg16;
import fastai.onednn.OneDnn;
import fastai.train.EvalResult;
import fastai.train.History;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.datavec.image.loader.NativeImageLoader;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;

/**
 * A pretrained image classifier with the course's verbs: {@code getBatches}, {@code predict},
 * {@code finetune}, {@code fit}, {@code test}, {@code save}. It holds a DL4J
 * {@link ComputationGraph}, the class names of its output, its input size and its input
 * preprocessing.
 *
 * <p>Batches carry raw pixels (0..255, BGR for colour); the model preprocesses whatever it is
 * given, like the course's VGG16 whose first layer subtracted the mean. So the same batch can be
 * plotted and predicted. A {@link Batches} that already has a preprocessor attached (see
 * {@link Batches#setPreProcessor}) is taken as prepared and not preprocessed again.
 */
public abstract class CourseModel {
    /** Name of the output layer that {@link #finetune} adds. */
    public static final String FINETUNE_LAYER = "finetune_out";
    public static final String META_KEY = "fastai-model.json";

    protected ComputationGraph graph;
    protected List<String> classes;
    protected final int height;
    protected final int width;
    protected final int channels;
    protected final ImagePreprocessor preprocessing;
    private double learningRate = 1e-3;
    private double finetuneRetain = 0.5;
    private long seed = Fit.SEED;
    private boolean quiet;
    /** True when the network wants NHWC input (a Keras channels_last import); batches are NCHW and get permuted. */
    protected boolean channelsLast;
    private String note = "";
    private final History history = new History();

    protected CourseModel(ComputationGraph graph, List<String> classes, int height, int width, int channels,
                          ImagePreprocessor preprocessing) {
        this.graph = graph;
        this.classes = List.copyOf(classes);
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.preprocessing = preprocessing;
        OneDnn.install(graph);
    }

    /** Short name of the architecture ("Vgg16", "MiniVgg"); stored in saved files. */
    public abstract String kind();

    // ---- what it is ---------------------------------------------------------------------

    public ComputationGraph graph() { return graph; }
    /** Names of the output classes, in output order. */
    public List<String> classes() { return classes; }
    public int height() { return height; }
    public int width() { return width; }
    public int channels() { return channels; }
    public ImagePreprocessor preprocessing() { return preprocessing; }
    /** Every epoch trained by {@link #fit} so far. */
    public History history() { return history; }

    /** Adam's learning rate for the next {@link #fit} (default 0.001, as the course compiled VGG16). */
    public CourseModel learningRate(double lr) {
        this.learningRate = lr;
        graph.setLearningRate(lr);
        return this;
    }

    public double learningRate() { return learningRate; }

    /** Probability of KEEPING an input of the new layer during fine-tuning (DL4J's dropOut convention; 0.5 = Keras Dropout(0.5)). */
    public CourseModel finetuneRetain(double p) { this.finetuneRetain = p; return this; }

    /** Seed for the new layer's initial weights. */
    public CourseModel seed(long s) { this.seed = s; return this; }

    /** No progress bars or epoch lines (for tests). */
    public CourseModel quiet(boolean q) { this.quiet = q; return this; }
    public boolean quiet() { return quiet; }

    /** How this model was made (e.g. what it was pretrained on, with its accuracy); saved with it. */
    public String note() { return note; }
    public CourseModel note(String n) { this.note = n == null ? "" : n; return this; }

    public void readNote(JsonObject meta) {
        if (meta.has("note")) note = meta.get("note").getAsString();
    }

    /** The graph's layer table (DL4J's summary). */
    public String summary() {
        return kind() + ": input " + height + "x" + width + "x" + channels + ", " + classes.size() + " classes, preprocessing "
                + preprocessing + "\n" + graph.summary();
    }

    @Override public String toString() {
        return kind() + " (" + height + "x" + width + "x" + channels + " → " + classes.size() + " classes, "
                + String.format(Locale.ROOT, "%,d", graph.numParams()) + " parameters)";
    }

    // ---- data -----------------------------------------------------------------------------

    /** Batch options sized for this model (labelled, shuffled); change what you need. */
    public BatchOptions batchOptions(int batchSize) {
        return BatchOptions.defaults().size(height, width).channels(channels).batchSize(batchSize);
    }

    /** Shuffled labelled batches of a folder of class folders, at this model's input size. */
    public Batches getBatches(String path, int batchSize) { return getBatches(Path.of(path), batchSize); }
    public Batches getBatches(Path path, int batchSize) { return Batches.open(path, batchOptions(batchSize)); }

    /** As above, choosing whether to shuffle (off keeps the file order, e.g. for validation plots). */
    public Batches getBatches(String path, int batchSize, boolean shuffle) { return getBatches(Path.of(path), batchSize, shuffle); }
    public Batches getBatches(Path path, int batchSize, boolean shuffle) {
        return Batches.open(path, batchOptions(batchSize).shuffle(shuffle));
    }

    /** Unlabelled batches in file-name order (a test folder). */
    public Batches getTestBatches(String path, int batchSize) { return getTestBatches(Path.of(path), batchSize); }
    public Batches getTestBatches(Path path, int batchSize) {
        return Batches.open(path, batchOptions(batchSize).unlabelled());
    }

    /** Raw pixel batch → what the network takes (a preprocessed copy). */
    public INDArray prepare(INDArray rawImages) {
        checkShape(rawImages);
        return preprocessing.applyCopy(rawImages.castTo(DataType.FLOAT));
    }

    private void prepare(DataSet ds, Batches from) {
        if (from == null || from.getPreProcessor() == null) {
            checkShape(ds.getFeatures());
            preprocessing.preProcess(ds);
        }
    }

    private void checkShape(INDArray x) {
        if (x.rank() != 4 || x.size(1) != channels || x.size(2) != height || x.size(3) != width) {
            throw new IllegalArgumentException(kind() + " takes images of shape [N, " + channels + ", " + height + ", " + width
                    + "], got " + Arrays.toString(x.shape()) + " (use model.getBatches(...) to read images at the right size)");
        }
    }

    // ---- predict --------------------------------------------------------------------------

    /** Class probabilities for a batch of raw images [N, C, H, W] (pixels 0..255, as batches give them). */
    public Predictions predict(INDArray rawImages) {
        return new Predictions(output(prepare(rawImages)), classes, null);
    }

    /** Predictions for the next batch of {@code batches}, labelled with its file names. */
    public Predictions predict(Batches batches) {
        if (!batches.hasNext()) batches.reset();
        DataSet ds = batches.next();
        prepare(ds, batches);
        List<String> names = new ArrayList<>();
        for (Path p : batches.lastFiles()) names.add(batches.path().relativize(p).toString().replace(File.separatorChar, '/'));
        return new Predictions(output(ds.getFeatures()), classes, names);
    }

    /** Predictions for image files (any size; they are resized to the model's input). */
    public Predictions predictFiles(List<Path> files) {
        NativeImageLoader loader = new NativeImageLoader(height, width, channels);
        List<INDArray> imgs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            try {
                imgs.add(loader.asMatrix(f.toFile()).castTo(DataType.FLOAT));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read image " + f.toAbsolutePath() + ": " + e.getMessage(), e);
            }
            names.add(f.getFileName().toString());
        }
        INDArray batch = Nd4j.concat(0, imgs.toArray(new INDArray[0]));
        return new Predictions(output(prepare(batch)), classes, names);
    }

    public Predictions predictFiles(Path... files) { return predictFiles(Arrays.asList(files)); }

    /** Network output for an already-preprocessed batch. */
    protected INDArray output(INDArray prepared) {
        return graph.outputSingle(false, networkInput(prepared));
    }

    /** Whether the graph takes NHWC (Keras-imported) rather than NCHW input. */
    public boolean channelsLast() { return channelsLast; }

    /** NCHW batch → the layout the graph takes. */
    public INDArray networkInput(INDArray nchw) {
        return channelsLast ? nchw.permute(0, 2, 3, 1).dup('c') : nchw;
    }

    // ---- finetune / fit -------------------------------------------------------------------

    /**
     * The course's {@code vgg.finetune(batches)}: removes the last (output) layer, freezes every
     * layer before it, and adds a new softmax output layer over the classes of {@code batches}.
     * The new layer's input keeps dropout (retain {@link #finetuneRetain}) as the course's model
     * did. Returns this model, now predicting {@code batches.classes()}.
     */
    public CourseModel finetune(Batches batches) {
        if (!batches.labelled()) throw new IllegalArgumentException("finetune needs labelled batches; " + batches.path() + " is unlabelled");
        return finetune(batches.classes());
    }

    /** As {@link #finetune(Batches)} with the class names given directly. */
    public CourseModel finetune(List<String> newClasses) {
        if (newClasses.size() < 2) throw new IllegalArgumentException("finetune needs at least 2 classes, got " + newClasses);
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        if (outputs.size() != 1) throw new IllegalStateException(kind() + " has " + outputs.size() + " outputs; finetune needs exactly one");
        String out = outputs.get(0);
        String before = graph.getConfiguration().getVertexInputs().get(out).get(0);
        Layer outLayer = graph.getLayer(out);
        if (outLayer == null || !(outLayer.conf().getLayer() instanceof FeedForwardLayer ff)) {
            throw new IllegalStateException("the last vertex of " + kind() + " (" + out + ") is not a dense output layer");
        }
        long nIn = ff.getNIn();
        String newName = out.equals(FINETUNE_LAYER) ? FINETUNE_LAYER + "_2" : FINETUNE_LAYER;
        OutputLayer.Builder head = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(nIn).nOut(newClasses.size()).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
        if (finetuneRetain < 1.0) head.dropOut(finetuneRetain);   // DL4J: probability to RETAIN (Keras Dropout(0.5) == dropOut(0.5))
        ComputationGraph ft = new TransferLearning.GraphBuilder(graph)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(learningRate)).seed(seed).build())
                .setFeatureExtractor(before)
                .removeVertexAndConnections(out)
                .addLayer(newName, head.build(), before)
                .setOutputs(newName)
                .build();
        this.graph = ft;
        this.classes = List.copyOf(newClasses);
        OneDnn.install(graph);
        return this;
    }

    /**
     * The course's second fine-tuning step: after {@link #finetune}, also train the dense layers
     * (every layer from the first dense layer on), at a lower learning rate {@code lr}, keeping the
     * convolutional part frozen. Previously frozen dense layers are unfrozen with their weights.
     */
    public CourseModel trainDenseLayers(double lr) {
        String firstDense = null;
        for (String name : graph.getConfiguration().getTopologicalOrderStr()) {
            if (graph.getConfiguration().getVertices().get(name) instanceof LayerVertex lv
                    && unwrap(lv.getLayerConf().getLayer()) instanceof DenseLayer) {
                firstDense = name;
                break;
            }
        }
        if (firstDense == null) throw new IllegalStateException(kind() + " has no dense layer to train");
        return trainFrom(firstDense, lr);
    }

    /**
     * The course's third step: train every layer from {@code layer} on (e.g. the first convolution
     * of the last block, see {@link #lastConvBlock}) with Adam at {@code lr}; the layers before it
     * stay frozen. Frozen layers are unfrozen with their weights, so the predictions do not change
     * until training.
     */
    public CourseModel trainFrom(String layer, double lr) {
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        if (!(conf.getVertices().get(layer) instanceof LayerVertex)) {
            throw new IllegalArgumentException(kind() + " has no layer named " + layer + "; layers: " + conf.getTopologicalOrderStr());
        }
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv) lv.getLayerConf().setLayer(unwrap(lv.getLayerConf().getLayer()));
        }
        ComputationGraph unfrozen = new ComputationGraph(conf);
        unfrozen.init(graph.params().dup(), false);   // same parameter layout: frozen wrappers hold the same weights
        String boundary = conf.getVertexInputs().get(layer).get(0);
        var builder = new TransferLearning.GraphBuilder(unfrozen)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(lr)).seed(seed).build());
        if (conf.getVertices().get(boundary) instanceof LayerVertex) builder.setFeatureExtractor(boundary);   // else: the input, nothing frozen
        this.graph = builder.build();
        this.learningRate = lr;
        OneDnn.install(graph);
        return this;
    }

    /**
     * The first convolution of the last convolutional block: the first convolution after the
     * pooling layer that precedes the last convolution (VGG's {@code block5_conv1}, MiniVgg's
     * last {@code blockN_conv1}).
     */
    public String lastConvBlock() {
        String lastPool = null, blockStart = null;
        for (String name : graph.getConfiguration().getTopologicalOrderStr()) {
            if (!(graph.getConfiguration().getVertices().get(name) instanceof LayerVertex lv)) continue;
            var layer = unwrap(lv.getLayerConf().getLayer());
            if (layer instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer) lastPool = name;
            else if (layer instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer) {
                if (blockStart == null || lastPool != null) blockStart = name;
                lastPool = null;
            }
        }
        if (blockStart == null) throw new IllegalStateException(kind() + " has no convolution layer");
        return blockStart;
    }

    private static org.deeplearning4j.nn.conf.layers.Layer unwrap(org.deeplearning4j.nn.conf.layers.Layer layer) {
        if (layer instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayer f) return f.getLayer();
        if (layer instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop f) return f.getUnderlying();
        return layer;
    }

    /**
     * Trains for {@code epochs} passes over {@code train}: a live progress bar per epoch (loss,
     * ETA, images/s), then the epoch's training loss/accuracy and validation loss/accuracy,
     * which are also added to {@link #history()}. Returns the history.
     */
    public History fit(Batches train, Batches valid, int epochs) {
        if (!train.labelled()) throw new IllegalArgumentException("fit needs labelled batches; " + train.path() + " is unlabelled");
        if (!train.classes().equals(classes)) {
            throw new IllegalArgumentException(kind() + " predicts " + classes + " but " + train.path() + " has classes "
                    + train.classes() + " (call finetune(batches) first)");
        }
        if (valid != null && !valid.classes().equals(train.classes())) {
            throw new IllegalArgumentException("validation classes " + valid.classes() + " in " + valid.path()
                    + " differ from training classes " + train.classes());
        }
        return Fit.of(graph).epochs(epochs).quiet(quiet).history(history)
                .validation(valid == null ? null : data(valid))
                .run(data(train));
    }

    /** A folder's batches as the network takes them: preprocessed (unless the folder does it) and in the net's channel order. */
    private Data data(Batches batches) {
        return Data.of(batches).map(mds -> {
            DataSet ds = new DataSet(mds.getFeatures(0), mds.getLabels(0));
            prepare(ds, batches);
            return new MultiDataSet(networkInput(ds.getFeatures()), ds.getLabels());
        });
    }

    /** Mean cross-entropy and accuracy over all of {@code batches} (one full pass, no training). */
    public EvalResult evaluate(Batches batches) {
        if (!batches.labelled()) throw new IllegalArgumentException("evaluate needs labelled batches; " + batches.path() + " is unlabelled");
        if (!batches.classes().equals(classes)) {
            throw new IllegalArgumentException(kind() + " predicts " + classes + " but " + batches.path() + " has classes " + batches.classes());
        }
        EvalResult r = Evaluate.of(graph, data(batches));
        batches.reset();
        return r;
    }

    // ---- test -----------------------------------------------------------------------------

    /** Probabilities for every image in an unlabelled folder, with the file names in the same order. */
    public TestResult test(String path, int batchSize) { return test(Path.of(path), batchSize); }
    public TestResult test(Path path, int batchSize) { return test(getTestBatches(path, batchSize)); }

    /** Probabilities for every image of {@code batches} (one pass, from the start; use unshuffled batches). */
    public TestResult test(Batches batches) {
        batches.reset();
        List<INDArray> rows = new ArrayList<>();
        ProgressBar bar = new ProgressBar("test " + batches.count() + " images", batches.numBatches()).quiet(quiet);
        List<String> files = batches.files();
        while (batches.hasNext()) {
            DataSet ds = batches.next();
            prepare(ds, batches);
            rows.add(output(ds.getFeatures()));
            bar.step(ds.numExamples());
        }
        bar.done();
        batches.reset();
        INDArray all = rows.size() == 1 ? rows.get(0) : Nd4j.concat(0, rows.toArray(new INDArray[0]));
        return new TestResult(all, files, classes);
    }

    // ---- save / load ----------------------------------------------------------------------

    /** Saves network, updater state, classes, input shape and preprocessing to one zip (atomically). */
    public Path save(String file) { return save(Path.of(file)); }
    public Path save(Path file) {
        JsonObject meta = new JsonObject();
        meta.addProperty("kind", kind());
        meta.add("classes", new Gson().toJsonTree(classes));
        meta.addProperty("height", height);
        meta.addProperty("width", width);
        meta.addProperty("channels", channels);
        meta.addProperty("scale", preprocessing.scale());
        meta.add("means", new Gson().toJsonTree(preprocessing.means()));
        meta.addProperty("note", note);
        String json = meta.toString();
        return AtomicFiles.write(file, tmp -> {
            ModelSerializer.writeModel(graph, tmp.toFile(), true);
            ModelSerializer.addObjectToFile(tmp.toFile(), META_KEY, json);
        });
    }

    /** What {@link #save} stored besides the network, or null for a plain DL4J model zip. */
    public static JsonObject readMeta(Path file) {
        try {
            String json = ModelSerializer.getObjectFromFile(file.toFile(), META_KEY);
            return json == null ? null : new Gson().fromJson(json, JsonObject.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Loads any model saved by {@link #save} (a MiniVgg or a Vgg16). */
    public static CourseModel load(Path file) {
        JsonObject meta = checkedMeta(file);
        String kind = meta.get("kind").getAsString();
        return switch (kind) {
            case "MiniVgg" -> MiniVgg.load(file);
            case "Vgg16" -> Vgg16.load(file);
            default -> throw new IllegalArgumentException(file.toAbsolutePath() + " holds a model of unknown kind " + kind);
        };
    }

    public static JsonObject checkedMeta(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("model file not found: " + file.toAbsolutePath());
        if (Files.isRegularFile(CacheFiles.record(file))) {
            String problem = CacheFiles.problem(file);
            if (problem != null) throw new IllegalArgumentException(file.toAbsolutePath() + " is damaged, " + problem + ": save or copy it again");
        }
        JsonObject meta = readMeta(file);
        if (meta == null) throw new IllegalArgumentException(file.toAbsolutePath() + notAModel(file));
        return meta;
    }

    /** Why a file without our metadata is not loadable: not a zip, a truncated or corrupt zip, or another zip. */
    static String notAModel(Path file) {
        try {
            long size = Files.size(file);
            if (size == 0) return " is empty (0 bytes): save or copy the model again";
            byte[] head;
            try (var in = Files.newInputStream(file)) {
                head = in.readNBytes(4);
            }
            if (head.length < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
                return " is not a model saved by CourseModel.save (not a zip file)";
            }
            try (ZipFile z = new ZipFile(file.toFile())) {
                return " is not a model saved by CourseModel.save (a zip with " + z.size() + " entries but no " + META_KEY + ")";
            } catch (ZipException e) {
                long expected = CacheFiles.expectedSize(file);
                return " is truncated or corrupt: " + size + " bytes" + (expected > 0 ? " of the " + expected + " it was written with" : "")
                        + ", and the zip directory at its end is " + (expected > size ? "cut off" : "missing or broken")
                        + " (" + e.getMessage() + "); save or copy the model again";
            }
        } catch (IOException e) {
            return " cannot be read: " + e.getMessage();
        }
    }

    public static ComputationGraph restoreGraph(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("model file not found: " + file.toAbsolutePath());
        try {
            return ModelSerializer.restoreComputationGraph(file.toFile(), true);
        } catch (Exception e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
            throw new IllegalArgumentException(file.toAbsolutePath() + " is not a DL4J ComputationGraph file (" + m + ")", e);
        }
    }

    public static List<String> metaClasses(JsonObject meta) {
        List<String> out = new ArrayList<>();
        meta.getAsJsonArray("classes").forEach(e -> out.add(e.getAsString()));
        return out;
    }

    public static ImagePreprocessor metaPreprocessing(JsonObject meta) {
        double[] means = new Gson().fromJson(meta.get("means"), double[].class);
        return new ImagePreprocessor(meta.get("scale").getAsDouble(), means);
    }
}
