package fastai.arch;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

import fastai.onednn.OneDnn;
import java.util.Arrays;

/**
 * Lesson 7's multi-input model: the image's conv features and a metadata vector (here the
 * canvas size) go in through two inputs, each through its own small branch, and are
 * concatenated before the softmax. Built with the image only, the metadata only, or both, so
 * one can measure how much of the accuracy the metadata (the leak) alone explains.
 */
public final class LeakModel {
    public enum Inputs { IMAGE, METADATA, BOTH }

    public static final String IMAGE = "image", META = "metadata", OUTPUT = "out";

    private final ComputationGraph graph;
    private final Inputs inputs;
    private final int metaLength;

    private LeakModel(ComputationGraph graph, Inputs inputs, int metaLength) {
        this.graph = graph;
        this.inputs = inputs;
        this.metaLength = metaLength;
    }

    /**
     * @param which       the image features, the metadata, or both
     * @param o           shape of one example's image features, classes, learning rate, seed
     * @param metaLength  length of the metadata vector
     */
    public static LeakModel build(Inputs which, HeadOptions o, int metaLength) {
        if (metaLength < 1) throw new IllegalArgumentException("metaLength must be >= 1, got " + metaLength);
        long c = o.channels(), h = o.height(), w = o.width();
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(o.seed()).updater(new Adam(o.learningRate()))
                .weightInit(WeightInit.RELU).activation(Activation.RELU).convolutionMode(ConvolutionMode.Same).graphBuilder();
        String toOut;
        boolean img = which != Inputs.METADATA, meta = which != Inputs.IMAGE;
        if (img) {
            b.addInputs(IMAGE);
            b.addLayer("img_conv", new ConvolutionLayer.Builder(3, 3).nOut(64).build(), IMAGE);
            b.addLayer("img_gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "img_conv");
            b.addLayer("img_fc", new DenseLayer.Builder().nOut(64).build(), "img_gap");
        }
        if (meta) {
            b.addInputs(META);
            // batch norm standardises the raw pixel sizes, as the course normalised its image sizes
            b.addLayer("meta_bn", new BatchNormalization.Builder().build(), META);
            b.addLayer("meta_fc", new DenseLayer.Builder().nOut(16).build(), "meta_bn");
        }
        if (img && meta) {
            b.addVertex("merge", new MergeVertex(), "img_fc", "meta_fc");
            toOut = "merge";
        } else {
            toOut = img ? "img_fc" : "meta_fc";
        }
        b.addLayer(OUTPUT, Heads.softmax(o.classes()), toOut);
        b.setOutputs(OUTPUT);
        if (img && meta) b.setInputTypes(InputType.convolutional(h, w, c), InputType.feedForward(metaLength));
        else if (img) b.setInputTypes(InputType.convolutional(h, w, c));
        else b.setInputTypes(InputType.feedForward(metaLength));
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        OneDnn.install(g);
        return new LeakModel(g, which, metaLength);
    }

    public ComputationGraph graph() { return graph; }
    public Inputs inputs() { return inputs; }

    /** The graph's input arrays in its input order, after checking {@code metadata} is [N, metaLength] with N = features' N. */
    public INDArray[] inputArrays(INDArray features, INDArray metadata) {
        if (features == null) throw new IllegalArgumentException("features must not be null");
        if (metadata == null || metadata.rank() != 2 || metadata.size(1) != metaLength) {
            throw new IllegalArgumentException("metadata must be [N, " + metaLength + "] (one row of " + metaLength
                    + " numbers per example), got " + (metadata == null ? "null" : Arrays.toString(metadata.shape())));
        }
        if (metadata.size(0) != features.size(0)) {
            throw new IllegalArgumentException("metadata has " + metadata.size(0) + " rows but features has " + features.size(0));
        }
        INDArray m = metadata.castTo(DataType.FLOAT);
        return switch (inputs) {
            case IMAGE -> new INDArray[] {features};
            case METADATA -> new INDArray[] {m};
            case BOTH -> new INDArray[] {features, m};
        };
    }

    public ArrayTraining.Summary fit(INDArray features, INDArray metadata, INDArray labels, int epochs, int batchSize, long seed) {
        return ArrayTraining.fit(graph, inputArrays(features, metadata), new INDArray[] {labels}, epochs, batchSize, seed);
    }

    public double accuracy(INDArray features, INDArray metadata, INDArray labels) {
        return ArrayTraining.accuracy(graph, inputArrays(features, metadata), labels, 0);
    }
}
