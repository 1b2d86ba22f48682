package fastai.models;

import fastai.Config;
import fastai.io.Download;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.google.gson.JsonObject;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.zoo.model.VGG16;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import fastai.CourseModel;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;

/**
 * The real VGG16 (13 3x3 convolutions in 5 blocks, two 4096-unit dense layers, 1000-way
 * softmax; 138 million parameters) with the course's input: 224x224 colour images with the
 * ImageNet mean subtracted per channel, in BGR order ({@link ImagePreprocessor#imagenet()}).
 *
 * <p>Weights come from a local file: DL4J's zoo file {@code vgg16_dl4j_inference.zip} (or any
 * DL4J ComputationGraph zip of this architecture), a model saved with {@link #save}, or a full
 * Keras model {@code .h5} (architecture + weights) through DL4J's Keras import. The default
 * place is {@link #defaultWeights()}; {@link #download} fetches a URL there with a checksum.
 * {@link #create()} builds the same architecture with random weights (benchmarks, tests).
 */
public final class Vgg16 extends CourseModel {
    public static final int SIDE = 224;
    /** Where DL4J's model zoo publishes its ImageNet VGG16 (DL4J verifies it with Adler-32, not SHA-256). */
    public static final String DL4J_ZOO_URL = "https://dl4jdata.blob.core.windows.net/models/vgg16_dl4j_inference.zip";

    /** Weight shapes of the 13 conv layers: {nOut, nIn}, each with 3x3 kernels. */
    private static final int[][] CONV = {{64, 3}, {64, 64}, {128, 64}, {128, 128}, {256, 128}, {256, 256}, {256, 256},
            {512, 256}, {512, 512}, {512, 512}, {512, 512}, {512, 512}, {512, 512}};
    /** Dense layers: {nIn, nOut}; the last one's nOut is free (1000 for ImageNet, fewer after finetune). */
    private static final long[][] DENSE = {{25088, 4096}, {4096, 4096}, {4096, -1}};
    /** Keras' names for VGG16's weight layers, in order. */
    public static final List<String> KERAS_NAMES = List.of("block1_conv1", "block1_conv2", "block2_conv1", "block2_conv2",
            "block3_conv1", "block3_conv2", "block3_conv3", "block4_conv1", "block4_conv2", "block4_conv3",
            "block5_conv1", "block5_conv2", "block5_conv3", "fc1", "fc2", "predictions");

    private Vgg16(ComputationGraph g, List<String> classes) {
        super(g, classes, SIDE, SIDE, 3, ImagePreprocessor.imagenet());
    }

    @Override public String kind() { return "Vgg16"; }

    /** {@code Config.modelsDir()/vgg16_dl4j_inference.zip}. */
    public static Path defaultWeights() { return Config.modelsDir().resolve("vgg16_dl4j_inference.zip"); }

    /** Whether the default weights file is there (the notebook switches to VGG16 when it is). */
    public static boolean weightsPresent() { return Files.isRegularFile(defaultWeights()); }

    /** The architecture with random weights; class names from {@code data/imagenet_classes.txt} if present. */
    public static Vgg16 create() {
        ComputationGraph g = VGG16.builder().numClasses(ImageNetClasses.COUNT).updater(new Adam(1e-3)).build().init();
        return new Vgg16(g, ImageNetClasses.loadOrPlaceholders());
    }

    /** VGG16 with the weights at {@link #defaultWeights()}. */
    public static Vgg16 load() {
        Path w = defaultWeights();
        if (!Files.isRegularFile(w)) {
            throw new IllegalArgumentException("VGG16 weights not found: " + w.toAbsolutePath()
                    + " (put DL4J's vgg16_dl4j_inference.zip or a Keras VGG16 .h5 there, or use Vgg16.download(url, sha256))");
        }
        return load(w);
    }

    /** VGG16 from a weights file: a DL4J zip (zoo file or {@link #save}d model) or a full Keras model .h5. */
    public static Vgg16 load(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("VGG16 weights not found: " + file.toAbsolutePath());
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ComputationGraph g;
        List<String> classes = null;
        JsonObject meta = null;
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
            boolean weightsOnly;
            try {
                weightsOnly = KerasWeights.isWeightsOnly(file);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file.toAbsolutePath() + " is not a Keras model file DL4J can import (not HDF5: "
                        + String.valueOf(e.getMessage()).replace('\n', ' ') + ")", e);
            }
            if (weightsOnly) {
                g = VGG16.builder().numClasses(ImageNetClasses.COUNT).updater(new Adam(1e-3)).build().init();
                KerasWeights.copyInto(g, file, KERAS_NAMES);
            } else {
                g = importKeras(file);
            }
        } else {
            g = restoreGraph(file);
            meta = readMeta(file);
            if (meta != null) {
                if (!"Vgg16".equals(meta.get("kind").getAsString())) {
                    throw new IllegalArgumentException(file.toAbsolutePath() + " holds a " + meta.get("kind").getAsString() + ", not a Vgg16");
                }
                classes = metaClasses(meta);
            }
        }
        long outputs = checkArchitecture(g, file);
        if (classes == null) {
            classes = outputs == ImageNetClasses.COUNT ? ImageNetClasses.loadOrPlaceholders() : placeholders((int) outputs);
        }
        Vgg16 v = new Vgg16(g, classes);
        if (meta != null) v.readNote(meta);
        v.channelsLast = channelsLast(g);
        return v;
    }

    /** Downloads weights to {@link #defaultWeights()} (resumable, checked against {@code sha256}) and loads them. */
    public static Vgg16 download(String url, String sha256) {
        return load(Download.of(url).to(defaultWeights()).sha256(sha256).fetch());
    }

    private static ComputationGraph importKeras(Path file) {
        try {
            return KerasModelImport.importKerasModelAndWeights(file.toString(), false);
        } catch (Exception functional) {
            try {
                MultiLayerNetwork seq = KerasModelImport.importKerasSequentialModelAndWeights(file.toString(), false);
                return seq.toComputationGraph();
            } catch (Exception e) {
                String m = functional.getMessage() == null ? functional.getClass().getSimpleName() : functional.getMessage();
                throw new IllegalArgumentException(file.toAbsolutePath() + " is not a Keras model file DL4J can import ("
                        + m.replace('\n', ' ') + ")", functional);
            }
        }
    }

    /**
     * Checks that {@code g} has VGG16's 16 weight layers with VGG16's shapes; returns the number
     * of outputs. Anything else is a one-line error naming the file.
     */
    static long checkArchitecture(ComputationGraph g, Path file) {
        List<Layer> weighted = new ArrayList<>();
        for (int idx : g.topologicalSortOrder()) {
            var v = g.getVertices()[idx];
            if (v.hasLayer() && v.getLayer().getParam("W") != null) weighted.add(v.getLayer());
        }
        String where = file.toAbsolutePath() + " does not hold VGG16 weights: ";
        if (weighted.size() != CONV.length + DENSE.length) {
            throw new IllegalArgumentException(where + "it has " + weighted.size() + " weight layers, expected " + (CONV.length + DENSE.length));
        }
        for (int i = 0; i < weighted.size(); i++) {
            long[] shape = weighted.get(i).getParam("W").shape();
            long[] want;
            if (i < CONV.length) {
                want = new long[] {CONV[i][0], CONV[i][1], 3, 3};
            } else {
                long[] d = DENSE[i - CONV.length];
                want = new long[] {d[0], d[1] < 0 ? shape[shape.length - 1] : d[1]};
            }
            boolean ok = Arrays.equals(shape, want)
                    || (i < CONV.length && shape.length == 4 && Arrays.equals(new long[] {shape[3], shape[2], shape[0], shape[1]}, want));
            if (!ok) {
                throw new IllegalArgumentException(where + "layer " + (i + 1) + " (" + weighted.get(i).conf().getLayer().getLayerName()
                        + ") has weights of shape " + Arrays.toString(shape) + ", expected " + Arrays.toString(want));
            }
        }
        INDArray last = weighted.get(weighted.size() - 1).getParam("W");
        return last.size(1);
    }

    private static boolean channelsLast(ComputationGraph g) {
        for (Layer l : g.getLayers()) {
            if (l.conf().getLayer() instanceof ConvolutionLayer c) {
                return c.getCnn2dDataFormat() == CNN2DFormat.NHWC;
            }
        }
        return false;
    }

    private static List<String> placeholders(int n) {
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) names.add("class_" + i);
        return names;
    }

    /** Loads a Vgg16 saved with {@link #save} (same as {@link #load(Path)}). */
    public static Vgg16 loadSaved(Path file) { return load(file); }
}
