package fastai.rnn;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import fastai.train.History;

/**
 * Lesson 6's DL4J networks. All read characters as indices through an {@code EmbeddingSequenceLayer}
 * (input {@code [batch, time]}) and are scored with softmax cross-entropy ({@code MCXENT}) against
 * one-hot labels, made batch by batch from index labels ({@link CharWindows#oneHotLabels}).
 *
 * <ul>
 *   <li>{@link #simpleRnn}: the course's "first RNN with Keras": embedding, {@code SimpleRnn} (relu,
 *       identity recurrent weights), the last step's state into a softmax ({@code LastTimeStep}).</li>
 *   <li>{@link #sequenceRnn}: the same, predicting at every step ({@code RnnOutputLayer}: Keras'
 *       {@code return_sequences=True} plus {@code TimeDistributed(Dense)}).</li>
 *   <li>{@link #statefulLstm}: an LSTM trained with truncated backpropagation through time whose
 *       state is carried from one batch to the next (Keras' {@code stateful=True}).</li>
 *   <li>{@link #charRnn}: two stacked LSTMs, as in the course's char-rnn notebook.</li>
 * </ul>
 * DL4J's training score for a sequence output is summed over the time steps of a sequence (and
 * averaged over the batch), so a training loss of the sequence nets is per sequence; use
 * {@link #perCharacter} to turn it into nats per character. Validation losses from
 * {@code fastai.train.Evaluate} already count every time step separately.
 */
public final class Lesson6Nets {
    private Lesson6Nets() { }

    private static NeuralNetConfiguration.ListBuilder base(long seed, double learningRate, DataType type) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(type)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .list();
    }

    private static EmbeddingSequenceLayer embedding(int vocabSize, int factors, int length) {
        EmbeddingSequenceLayer.Builder b = new EmbeddingSequenceLayer.Builder().nIn(vocabSize).nOut(factors)
                .outputDataFormat(RNNFormat.NCW);
        if (length > 0) b.inputLength(length); else b.inferInputLength(true);
        return b.build();
    }

    private static SimpleRnn relu(int factors, int hidden) {
        return new SimpleRnn.Builder().nIn(factors).nOut(hidden).activation(Activation.RELU).dataFormat(RNNFormat.NCW)
                .weightInitRecurrent(WeightInit.IDENTITY).build();
    }

    /** Embedding, SimpleRnn (relu, identity-initialised recurrent weights), softmax on the last step. */
    public static MultiLayerNetwork simpleRnn(int vocabSize, int factors, int hidden, int length, double learningRate,
                                              long seed, DataType type) {
        MultiLayerConfiguration conf = base(seed, learningRate, type)
                .layer(embedding(vocabSize, factors, length))
                .layer(new LastTimeStep(relu(factors, hidden)))
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(hidden).nOut(vocabSize).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * A {@link #simpleRnn} in double precision holding exactly the weights of {@code u}. Both
     * compute {@code h_t = relu(e_t W_in + h_{t-1} W_hidden + b)} in row-vector form, so the
     * weights copy over untransposed: embedding to the embedding layer's W, W_in to W, W_hidden
     * to RW, W_out and b_out to the output layer.
     */
    public static MultiLayerNetwork simpleRnnFrom(UnrolledRnn u) {
        MultiLayerNetwork net = simpleRnn(u.vocabSize, u.factors, u.hidden, u.length, 1e-3, 0, DataType.DOUBLE);
        net.getLayer(0).setParam("W", u.weight(UnrolledRnn.EMBEDDING).castTo(DataType.DOUBLE));
        net.getLayer(1).setParam("W", u.weight(UnrolledRnn.W_IN).castTo(DataType.DOUBLE));
        net.getLayer(1).setParam("RW", u.weight(UnrolledRnn.W_HIDDEN).castTo(DataType.DOUBLE));
        net.getLayer(1).setParam("b", u.weight(UnrolledRnn.B).castTo(DataType.DOUBLE).reshape(1, u.hidden));
        net.getLayer(2).setParam("W", u.weight(UnrolledRnn.W_OUT).castTo(DataType.DOUBLE));
        net.getLayer(2).setParam("b", u.weight(UnrolledRnn.B_OUT).castTo(DataType.DOUBLE).reshape(1, u.vocabSize));
        return net;
    }

    /** Embedding, SimpleRnn (relu), a softmax prediction at every time step. */
    public static MultiLayerNetwork sequenceRnn(int vocabSize, int factors, int hidden, double learningRate, long seed) {
        MultiLayerConfiguration conf = base(seed, learningRate, DataType.FLOAT)
                .layer(embedding(vocabSize, factors, 0))
                .layer(relu(factors, hidden))
                .layer(rnnOutput(hidden, vocabSize))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Embedding, LSTM, softmax at every step, trained by truncated BPTT over {@code tbpttLength}
     * steps. {@code setClearTbpttState(false)}: the LSTM's state after one batch is where the next
     * batch starts, so batch k+1 must continue, row for row, the text of batch k
     * ({@link StatefulText}). Call {@code rnnClearPreviousState()} at the start of each epoch.
     */
    public static MultiLayerNetwork statefulLstm(int vocabSize, int factors, int hidden, int tbpttLength,
                                                 double learningRate, long seed) {
        MultiLayerConfiguration conf = base(seed, learningRate, DataType.FLOAT)
                .layer(embedding(vocabSize, factors, 0))
                .layer(new LSTM.Builder().nIn(factors).nOut(hidden).activation(Activation.TANH).dataFormat(RNNFormat.NCW).build())
                .layer(rnnOutput(hidden, vocabSize))
                .backpropType(BackpropType.TruncatedBPTT)
                .tBPTTForwardLength(tbpttLength)
                .tBPTTBackwardLength(tbpttLength)
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.setClearTbpttState(false);
        return net;
    }

    /**
     * Embedding, two LSTMs of {@code hidden} units, softmax at every step; gradients clipped per
     * layer (element-wise at 5, the usual guard for LSTMs trained with Adam). The course also had
     * 20% dropout; short CPU runs are far from over-fitting, so this net has none.
     */
    public static MultiLayerNetwork charRnn(int vocabSize, int factors, int hidden, double learningRate, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(5)
                .list()
                .layer(embedding(vocabSize, factors, 0))
                .layer(new LSTM.Builder().nIn(factors).nOut(hidden).activation(Activation.TANH).dataFormat(RNNFormat.NCW).build())
                .layer(new LSTM.Builder().nIn(hidden).nOut(hidden).activation(Activation.TANH).dataFormat(RNNFormat.NCW).build())
                .layer(rnnOutput(hidden, vocabSize))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static RnnOutputLayer rnnOutput(int hidden, int vocabSize) {
        // the data format said explicitly: after an EmbeddingSequenceLayer, M2.1 otherwise takes
        // this layer's input as [batch, time, size] and rejects labels in the usual [batch, size, time]
        return new RnnOutputLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .dataFormat(RNNFormat.NCW).nIn(hidden).nOut(vocabSize).build();
    }

    /**
     * The same history with each epoch's training loss divided by {@code steps}: per character,
     * like its validation loss. For nets whose output is a sequence of {@code steps} predictions.
     */
    public static History perCharacter(History h, int steps) {
        History out = new History();
        for (History.Epoch e : h.epochs()) {
            out.add(new History.Epoch(e.epoch(), e.loss() / steps, e.acc(), e.valLoss(), e.valAcc(), e.seconds(), e.images()));
        }
        return out;
    }

    /** A DL4J score for sequences of {@code steps} predictions (summed over time) in nats per character. */
    public static double perCharacter(double score, int steps) {
        return score / steps;
    }
}
