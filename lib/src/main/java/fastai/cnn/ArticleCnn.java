package fastai.cnn;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import fastai.onednn.OneDnn;

/**
 * The CNN article's small network from scratch, in DL4J: three 3x3 convolutions (32, 32, 64
 * filters, relu, "same" padding) each followed by 2x2 max-pooling, dropout 0.25, a dense layer of
 * 64 relu units, dropout 0.5, and a softmax over the classes.
 *
 * <p>Dropout: DL4J's {@code dropOut(p)} is the probability to KEEP an input and sits on a layer's
 * input, so Keras' {@code Dropout(0.25)} before the dense layer is {@code dropOut(0.75)} on the
 * dense layer, and {@code Dropout(0.5)} before the output is {@code dropOut(0.5)} on the output.
 *
 * <p>Optimizer: SGD at 0.01 with momentum 0.9 and Keras' time decay
 * {@code lr / (1 + decay * iteration)}, {@code decay = lr / 50}: DL4J's {@link InverseSchedule}
 * with power 1. DL4J's momentum updater is {@link Nesterovs} (Nesterov momentum; the article used
 * plain momentum, a small difference in how the step looks ahead).
 */
public final class ArticleCnn {
    private ArticleCnn() { }

    public static final int[] FILTERS = {32, 32, 64};
    public static final int DENSE = 64;

    /** The network for {@code side x side x channels} images and {@code numClasses} classes. */
    public static ComputationGraph network(int side, int channels, int numClasses, double lr, double decay, long seed) {
        if (side < 8) throw new IllegalArgumentException("image side must be at least 8 (three 2x2 poolings), got " + side);
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        if (numClasses < 2) throw new IllegalArgumentException("numClasses must be at least 2, got " + numClasses);
        var b = new NeuralNetConfiguration.Builder().seed(seed)
                .updater(new Nesterovs(new InverseSchedule(ScheduleType.ITERATION, lr, decay, 1.0), 0.9))
                .weightInit(WeightInit.RELU).activation(Activation.RELU).convolutionMode(ConvolutionMode.Same)
                .graphBuilder().addInputs("input");
        String last = "input";
        for (int k = 0; k < FILTERS.length; k++) {
            b.addLayer("conv" + (k + 1), new ConvolutionLayer.Builder(3, 3).nOut(FILTERS[k]).build(), last);
            b.addLayer("pool" + (k + 1), new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                    .kernelSize(2, 2).stride(2, 2).build(), "conv" + (k + 1));
            last = "pool" + (k + 1);
        }
        b.addLayer("dense", new DenseLayer.Builder().nOut(DENSE).dropOut(0.75).build(), last);   // Keras Dropout(0.25) before it
        b.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).dropOut(0.5).build(), "dense");   // Dropout(0.5)
        b.setOutputs("out").setInputTypes(InputType.convolutional(side, side, channels));
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        OneDnn.install(g);
        return g;
    }

    /** With the article's optimizer settings: lr 0.01, decay 0.01 / 50 per iteration. */
    public static ComputationGraph network(int side, int channels, int numClasses, long seed) {
        return network(side, channels, numClasses, 0.01, 0.01 / 50, seed);
    }
}
