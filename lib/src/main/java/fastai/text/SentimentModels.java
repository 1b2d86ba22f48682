package fastai.text;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Lesson 5's sentiment models, input {@code [batch, seqLen]} word indices, output the probability
 * that the review is positive. Adam at 0.001 and Glorot weights, as Keras' defaults were.
 * Dropout: the course's Keras {@code Dropout(p)} drops {@code p}; DL4J's {@code dropOut(q)} keeps
 * {@code q}, so {@code keep(p)} below converts.
 */
public final class SentimentModels {
    private SentimentModels() { }

    private static double keep(double kerasDrop) { return 1 - kerasDrop; }

    private static NeuralNetConfiguration.Builder base(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER);
    }

    /** Keras' default embedding start: uniform in [-0.05, 0.05]. */
    private static EmbeddingSequenceLayer.Builder embedding(int vocab, int dim, int seqLen) {
        return new EmbeddingSequenceLayer.Builder().nIn(vocab).nOut(dim).inputLength(seqLen).hasBias(false)
                .weightInit(new WeightInitDistribution(new UniformDistribution(-0.05, 0.05)));
    }

    /** A 1-D convolution over the steps, zero-padded to keep the length ("same"), ReLU. */
    public static Convolution1DLayer conv1d(int channels, int filters, int width) {
        return new Convolution1DLayer.Builder().kernelSize(width).nIn(channels).nOut(filters)
                .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build();
    }

    private static OutputLayer sigmoidOut(int nIn) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(nIn).nOut(1).activation(Activation.SIGMOID).build();
    }

    /** Embedding (32) - flatten - dense 100 (ReLU) - dropout 0.7 - sigmoid. */
    public static MultiLayerNetwork singleHidden(int vocab, int seqLen, long seed) {
        MultiLayerConfiguration conf = base(seed).list()
                .layer(embedding(vocab, 32, seqLen).build())
                .layer(new DenseLayer.Builder().nIn(32L * seqLen).nOut(100).activation(Activation.RELU).build())
                .layer(new DropoutLayer(keep(0.7)))
                .layer(sigmoidOut(100))
                .inputPreProcessor(1, new FlattenSequence(32, seqLen))
                .build();
        return init(conf);
    }

    /** Embedding (32) - dropout 0.2 - conv 64x5 - dropout 0.2 - max-pool 2 - dense 100 - dropout 0.7 - sigmoid. */
    public static MultiLayerNetwork oneConv(int vocab, int seqLen, long seed) {
        return conv(embedding(vocab, 32, seqLen), 32, seqLen, 0.2, seed);
    }

    /**
     * The same convolution model on an embedding that starts from {@code init} (one row per
     * vocabulary index), dropout 0.25 as in the course. The embedding starts frozen: see {@link #freezeEmbedding}.
     */
    public static MultiLayerNetwork pretrainedConv(INDArray init, int seqLen, long seed) {
        int vocab = (int) init.rows(), dim = (int) init.columns();
        MultiLayerNetwork net = conv(embedding(vocab, dim, seqLen).weightInit(init), dim, seqLen, 0.25, seed);
        freezeEmbedding(net);
        return net;
    }

    private static MultiLayerNetwork conv(EmbeddingSequenceLayer.Builder emb, int dim, int seqLen, double drop, long seed) {
        MultiLayerConfiguration conf = base(seed).list()
                .layer(emb.build())
                .layer(new DropoutLayer(keep(drop)))
                .layer(conv1d(dim, 64, 5))
                .layer(new DropoutLayer(keep(drop)))
                .layer(new Subsampling1DLayer.Builder(PoolingType.MAX).kernelSize(2).stride(2).build())
                .layer(new DenseLayer.Builder().nIn(64L * (seqLen / 2)).nOut(100).activation(Activation.RELU).build())
                .layer(new DropoutLayer(keep(0.7)))
                .layer(sigmoidOut(100))
                .inputPreProcessor(5, new FlattenSequence(64, seqLen / 2))
                .build();
        return init(conf);
    }

    /**
     * Freezes the embedding (layer 0) by giving it learning rate 0: Adam's step is proportional to
     * the learning rate, so the vectors stay exactly as they are while the rest learns.
     */
    public static void freezeEmbedding(MultiLayerNetwork net) { net.setLearningRate(0, 0.0); }

    /** Unfreezes: every layer, the embedding included, learns at {@code lr} (the course lowered it to 1e-4). */
    public static void unfreeze(MultiLayerNetwork net, double lr) { net.setLearningRate(lr); }

    /** The same for the multi-width graph's layer "embedding". */
    public static void freezeEmbedding(ComputationGraph net) { net.setLearningRate("embedding", 0.0); }

    /**
     * The course's multi-size CNN: embedding from {@code init} (trainable), dropout 0.2, then three
     * convolutions of widths 3, 4 and 5 (64 filters each) side by side, each max-pooled, merged,
     * dropout 0.5, dense 100, dropout 0.7, sigmoid. Layer names: "embedding", "conv3".., "out".
     */
    public static ComputationGraph multiWidth(INDArray init, int seqLen, long seed) {
        int vocab = (int) init.rows(), dim = (int) init.columns();
        var g = base(seed).graphBuilder().addInputs("words")
                .addLayer("embedding", embedding(vocab, dim, seqLen).weightInit(init).build(), "words")
                .addLayer("drop0", new DropoutLayer(keep(0.2)), "embedding");
        String[] pooled = new String[3];
        for (int w = 3; w <= 5; w++) {
            g.addLayer("conv" + w, conv1d(dim, 64, w), "drop0")
             .addLayer("pool" + w, new Subsampling1DLayer.Builder(PoolingType.MAX).kernelSize(2).stride(2).build(), "conv" + w);
            pooled[w - 3] = "pool" + w;
        }
        ComputationGraphConfiguration conf = g
                .addVertex("merge", new MergeVertex(), pooled)          // [batch, 3 x 64, seqLen / 2]
                .addLayer("drop1", new DropoutLayer(keep(0.5)), "merge")
                .addLayer("dense", new DenseLayer.Builder().nIn(3L * 64 * (seqLen / 2)).nOut(100).activation(Activation.RELU).build(),
                        new FlattenSequence(3 * 64, seqLen / 2), "drop1")
                .addLayer("drop2", new DropoutLayer(keep(0.7)), "dense")
                .addLayer("out", sigmoidOut(100), "drop2")
                .setOutputs("out")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** Embedding (32, L2 1e-6) - LSTM 100 (its last step) - sigmoid. */
    public static MultiLayerNetwork lstm(int vocab, int seqLen, long seed) {
        MultiLayerConfiguration conf = base(seed).list()
                .layer(embedding(vocab, 32, seqLen).l2(1e-6).build())
                .layer(new LastTimeStep(new LSTM.Builder().nIn(32).nOut(100).activation(Activation.TANH).build()))
                .layer(sigmoidOut(100))
                .build();
        return init(conf);
    }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
