package fastai.arch;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import fastai.onednn.OneDnn;
import org.deeplearning4j.nn.conf.dropout.Dropout;

/**
 * Small classifier heads that sit on a conv base's feature maps [C, H, W] (precomputed, as the
 * course did): the input vertex is called {@value #INPUT}, the output {@value #OUTPUT}.
 */
public final class Heads {
    public static final String INPUT = "features";
    public static final String OUTPUT = "out";
    /** Name of the fully convolutional head's last conv layer: one map per class, the class activation maps. */
    public static final String CLASS_MAPS = "class_maps";

    private Heads() { }

    static ComputationGraphConfiguration.GraphBuilder start(long seed, double lr) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(lr)).weightInit(WeightInit.RELU)
                .activation(Activation.RELU).convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs(INPUT);
    }

    static ComputationGraphConfiguration.GraphBuilder start(HeadOptions o) {
        return start(o.seed(), o.learningRate());
    }

    static ComputationGraph finish(ComputationGraphConfiguration.GraphBuilder b, HeadOptions o) {
        b.setOutputs(OUTPUT).setInputTypes(InputType.convolutional(o.height(), o.width(), o.channels()));
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        OneDnn.install(g);
        return g;
    }

    static OutputLayer softmax(int nClasses) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(nClasses).activation(Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER).build();
    }

    /**
     * Global average pooling, then one softmax layer: the average of each feature map over the
     * whole image, so the head has C x K weights whatever H and W are, and runs on any size.
     */
    public static ComputationGraph globalAveragePooling(HeadOptions o) {
        var b = start(o);
        b.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), INPUT);
        b.addLayer(OUTPUT, softmax(o.classes()), "gap");
        return finish(b, o);
    }

    /**
     * Flatten, a dense ReLU layer of {@code dense} units, dropout (half kept), softmax: the head VGG-style
     * nets had. Its first weight matrix is (C·H·W) x dense, so it is tied to one input size.
     */
    public static ComputationGraph flattenDense(HeadOptions o, int dense) {
        var b = start(o);
        b.addLayer("fc", new DenseLayer.Builder().nOut(dense).build(), INPUT);
        OutputLayer out = softmax(o.classes());
        out.setIDropout(new Dropout(0.5));   // DL4J: probability to RETAIN
        b.addLayer(OUTPUT, out, "fc");
        return finish(b, o);
    }

    /**
     * A fully convolutional head: a 3x3 ReLU conv of {@code filters}, a 3x3 conv with one output
     * channel per class ({@value #CLASS_MAPS}, no activation), global average pooling, softmax.
     * Each class's score is the mean of its map, so the map shows where the class was seen.
     */
    public static ComputationGraph fullyConvolutional(HeadOptions o, int filters) {
        var b = start(o);
        b.addLayer("fcn_conv", new ConvolutionLayer.Builder(3, 3).nOut(filters).build(), INPUT);
        b.addLayer(CLASS_MAPS, new ConvolutionLayer.Builder(3, 3).nOut(o.classes()).activation(Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER).build(), "fcn_conv");
        b.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), CLASS_MAPS);
        b.addLayer(OUTPUT, new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build(), "gap");
        return finish(b, o);
    }

    /** One {@link Inception} block on the features, then global average pooling and softmax. */
    public static ComputationGraph inception(HeadOptions o, Inception.Branches branches) {
        var b = start(o);
        String merged = Inception.block(b, "incep", INPUT, branches);
        b.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), merged);
        b.addLayer(OUTPUT, softmax(o.classes()), "gap");
        return finish(b, o);
    }
}
