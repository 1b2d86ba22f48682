package fastai.arch;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * A residual block by hand, the ResNet idea in a DL4J {@link ComputationGraph}: two 3x3
 * convolutions F, then the block's input added back ({@link ElementWiseVertex} Add), then ReLU:
 * {@code out = relu(x + F(x))}. With F's weights at zero the block passes its input through
 * unchanged (for an input that is already >= 0, as the output of a ReLU is). The same block
 * without the shortcut is {@code relu(F(x))}: same layers, same parameters, no addition.
 */
public final class Residual {
    /** Names of a block's vertices: {@code name + CONV1}, {@code + CONV2}, {@code + ADD} (shortcut only), {@code + OUT}. */
    public static final String CONV1 = "_conv1", CONV2 = "_conv2", ADD = "_add", OUT = "_relu";
    /** The stem's name in {@link #net}: the first conv, whose output (after pooling) feeds block 1. */
    public static final String STEM = "stem", STEM_POOL = "stem_pool";

    private Residual() { }

    /**
     * Adds one block on vertex {@code input} (which must have {@code channels} channels), with or
     * without the shortcut; returns the name of its output vertex.
     */
    public static String block(ComputationGraphConfiguration.GraphBuilder b, String name, String input, int channels, boolean shortcut) {
        if (channels < 1) throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        b.addLayer(name + CONV1, new ConvolutionLayer.Builder(3, 3).nOut(channels).activation(Activation.RELU).build(), input);
        b.addLayer(name + CONV2, new ConvolutionLayer.Builder(3, 3).nOut(channels).activation(Activation.IDENTITY).build(), name + CONV1);
        String beforeRelu = name + CONV2;
        if (shortcut) {
            b.addVertex(name + ADD, new ElementWiseVertex(ElementWiseVertex.Op.Add), input, name + CONV2);
            beforeRelu = name + ADD;
        }
        b.addLayer(name + OUT, new ActivationLayer.Builder().activation(Activation.RELU).build(), beforeRelu);
        return name + OUT;
    }

    /**
     * Sets the weights of the second convolution of every block ("block1", "block2", ...) of a
     * {@link #net} with shortcuts to zero, so that each block starts as the identity and the net
     * starts as its stem alone; training then grows each block's correction from nothing. (Without
     * shortcuts this would cut the signal dead, so a plain net keeps its ordinary initialisation.)
     * Returns how many blocks it changed.
     */
    public static int startAsIdentity(ComputationGraph g) {
        int n = 0;
        while (g.getConfiguration().getVertices().containsKey("block" + (n + 1) + CONV2)) {
            if (!g.getConfiguration().getVertices().containsKey("block" + (n + 1) + ADD)) {
                throw new IllegalArgumentException("block" + (n + 1) + " has no shortcut: zero weights would make it output nothing");
            }
            g.getLayer("block" + (n + 1) + CONV2).getParam("W").assign(0);
            n++;
        }
        return n;
    }

    /**
     * A classifier from scratch on images [C, H, W] (options {@code o}): a 3x3 ReLU conv to
     * {@code width} channels and 2x2 max-pooling (the stem), then {@code blocks} blocks ("block1"
     * ...), global average pooling, softmax. {@code shortcuts} false gives the plain net of the same
     * depth and size: 2 x blocks + 1 convolutions either way.
     */
    public static ComputationGraph net(HeadOptions o, int width, int blocks, boolean shortcuts) {
        if (blocks < 0) throw new IllegalArgumentException("blocks must be >= 0, got " + blocks);
        if (width < 1) throw new IllegalArgumentException("width must be >= 1, got " + width);
        var b = Heads.start(o);
        b.addLayer(STEM, new ConvolutionLayer.Builder(3, 3).nOut(width).build(), Heads.INPUT);
        b.addLayer(STEM_POOL, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), STEM);
        String last = STEM_POOL;
        for (int i = 1; i <= blocks; i++) last = block(b, "block" + i, last, width, shortcuts);
        b.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
        b.addLayer(Heads.OUTPUT, Heads.softmax(o.classes()), "gap");
        return Heads.finish(b, o);
    }
}
