package fastai.bench;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The benchmark nets in DL4J, layer for layer the same as {@code lib/bench/torch_reference.py}:
 * the course's MNIST CNN and the article's 150x150 three-conv CNN. (MiniVgg comes from
 * {@link fastai.models.MiniVgg#network}, VGG16 from DL4J's zoo.)
 */
public final class Nets {
    private Nets() { }

    /** The course's MNIST CNN: conv32, conv32, pool, conv64, conv64, pool, dense 512, softmax 10 (valid padding). */
    public static ComputationGraph mnistCnn(long seed) {
        ComputationGraphConfiguration.GraphBuilder b = base(seed);
        b.addLayer("c1", conv(32), "input");
        b.addLayer("c2", conv(32), "c1");
        b.addLayer("p1", pool(), "c2");
        b.addLayer("c3", conv(64), "p1");
        b.addLayer("c4", conv(64), "c3");
        b.addLayer("p2", pool(), "c4");
        b.addLayer("fc", new DenseLayer.Builder().nOut(512).build(), "p2");
        b.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(), "fc");
        b.setOutputs("out").setInputTypes(InputType.convolutional(28, 28, 1));
        return init(b);
    }

    /**
     * The course's MNIST CNN with batch normalisation (lesson 3's {@code get_model_bn}): a batch-norm
     * layer after each convolution block and before the last dense layer; per channel after the
     * second pooling (the torch twin uses BatchNorm2d there too).
     */
    public static ComputationGraph mnistBn(long seed) {
        ComputationGraphConfiguration.GraphBuilder b = base(seed);
        b.addLayer("c1", conv(32), "input");
        b.addLayer("b1", new BatchNormalization.Builder().build(), "c1");
        b.addLayer("c2", conv(32), "b1");
        b.addLayer("p1", pool(), "c2");
        b.addLayer("b2", new BatchNormalization.Builder().build(), "p1");
        b.addLayer("c3", conv(64), "b2");
        b.addLayer("b3", new BatchNormalization.Builder().build(), "c3");
        b.addLayer("c4", conv(64), "b3");
        b.addLayer("p2", pool(), "c4");
        b.addLayer("b4", new BatchNormalization.Builder().build(), "p2");
        b.addLayer("fc", new DenseLayer.Builder().nOut(512).build(), "b4");
        b.addLayer("b5", new BatchNormalization.Builder().build(), "fc");
        b.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(), "b5");
        b.setOutputs("out").setInputTypes(InputType.convolutional(28, 28, 1));
        return init(b);
    }

    /** The article's small CNN on 150x150x3: 3 x (conv3x3 relu, maxpool 2) with 32, 32, 64 filters, dense 64, dropout 0.5, 1 sigmoid. */
    public static ComputationGraph cnn150(long seed) {
        ComputationGraphConfiguration.GraphBuilder b = base(seed);
        b.addLayer("c1", conv(32), "input");
        b.addLayer("p1", pool(), "c1");
        b.addLayer("c2", conv(32), "p1");
        b.addLayer("p2", pool(), "c2");
        b.addLayer("c3", conv(64), "p2");
        b.addLayer("p3", pool(), "c3");
        b.addLayer("fc", new DenseLayer.Builder().nOut(64).build(), "p3");
        b.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1)
                .activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER).dropOut(0.5).build(), "fc");
        b.setOutputs("out").setInputTypes(InputType.convolutional(150, 150, 3));
        return init(b);
    }

    /** A random batch: features uniform in [0,1), labels one-hot over {@code classes} (or 0/1 for one sigmoid output). */
    public static DataSet randomBatch(int n, int channels, int side, int classes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, channels, side, side);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) y.putScalar(i, classes == 1 ? 0 : i % classes, classes == 1 ? i % 2 : 1f);
        return new DataSet(x, y);
    }

    private static ComputationGraphConfiguration.GraphBuilder base(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-3))
                .weightInit(WeightInit.RELU).activation(Activation.RELU).graphBuilder().addInputs("input");
    }

    private static ConvolutionLayer conv(int n) {
        return new ConvolutionLayer.Builder(3, 3).nOut(n).build();
    }

    private static SubsamplingLayer pool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    private static ComputationGraph init(ComputationGraphConfiguration.GraphBuilder b) {
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        return g;
    }
}
