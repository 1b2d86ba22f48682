package fastai.rnn;

import fastai.Config;
import java.util.Random;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The same character models in DL4J: a {@code SimpleRnn} or {@code LSTM} layer followed by an
 * {@code RnnOutputLayer} (softmax + multi-class cross-entropy at every time step), trained on the
 * same examples with the same minibatches and plain SGD.
 *
 * <p><b>How DL4J's SimpleRnn lines up with {@link CharRnn}.</b> DL4J computes, for a row vector
 * x_t, {@code h_t = f(x_t W + h_{t-1} RW + b)} with parameters {@code W} (nIn×nOut), {@code RW}
 * (nOut×nOut) and {@code b} (1×nOut); its output layer computes {@code softmax(h_t W + b)} with
 * W of shape H×V. Our column-vector form {@code h_t = f(Wxh x_t + Whh h_{t-1} + bh)} is the same
 * thing transposed: {@code W = Wxhᵀ, RW = Whhᵀ, b = bh}, output {@code W = Whyᵀ, b = by}.
 *
 * <p><b>Loss scale.</b> DL4J's score for a sequence is the <em>sum</em> of the cross-entropies
 * over its time steps (averaged over the minibatch); ours is the mean over time steps. So DL4J's
 * gradient is T times ours (T = sequence length): to take the same steps, its learning rate is
 * ours divided by T and its clipping threshold ours times T. DL4J clips each layer's gradient
 * separately ({@code ClipL2PerLayer}); {@link fastai.rnn.Sgd} clips all parameters together.
 * Losses reported here are divided by T, so all models are in nats per character.
 */
public final class Dl4jCharNets {
    private Dl4jCharNets() { }

    /** {@link Config#limitThreads}, kept here because the lesson 4, 6 and 7 notebooks call it by this name. */
    public static void limitThreads(int n) { Config.limitThreads(n); }

    /** A SimpleRnn (tanh) char model. */
    public static MultiLayerNetwork simpleRnn(int vocabSize, int hidden, double learningRate, double clipNorm, int seqLength, long seed) {
        return build(new SimpleRnn.Builder().nIn(vocabSize).nOut(hidden).activation(Activation.TANH).build(),
                vocabSize, hidden, learningRate, clipNorm, seqLength, seed, DataType.FLOAT);
    }

    /** An LSTM char model (tanh, sigmoid gates, DL4J's default forget-gate bias of 1). */
    public static MultiLayerNetwork lstm(int vocabSize, int hidden, double learningRate, double clipNorm, int seqLength, long seed) {
        return build(new LSTM.Builder().nIn(vocabSize).nOut(hidden).activation(Activation.TANH).build(),
                vocabSize, hidden, learningRate, clipNorm, seqLength, seed, DataType.FLOAT);
    }

    /**
     * @param learningRate and clipNorm in the units of {@link fastai.rnn.Sgd} (mean loss over time
     *        steps); converted to DL4J's summed loss as described above
     */
    static MultiLayerNetwork build(Layer recurrent, int vocabSize, int hidden, double learningRate, double clipNorm,
                                   int seqLength, long seed, DataType dataType) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(new Sgd(learningRate / seqLength))
                .weightInit(WeightInit.XAVIER)
                .gradientNormalization(clipNorm > 0 ? GradientNormalization.ClipL2PerLayer : GradientNormalization.None)
                .gradientNormalizationThreshold(clipNorm > 0 ? clipNorm * seqLength : 1.0)
                .list()
                .layer(recurrent)
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nIn(hidden).nOut(vocabSize).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * A DL4J SimpleRnn network (double precision) holding exactly the weights of {@code rnn},
     * mapped as described in the class comment. Only tanh and relu RNNs have a DL4J counterpart here.
     */
    public static MultiLayerNetwork simpleRnnFrom(CharRnn rnn, double learningRate, double clipNorm, int seqLength) {
        Activation act = switch (rnn.activation) {
            case TANH -> Activation.TANH;
            case RELU -> Activation.RELU;
            case SIGMOID -> Activation.SIGMOID;
        };
        MultiLayerNetwork net = build(new SimpleRnn.Builder().nIn(rnn.vocabSize).nOut(rnn.hiddenSize).activation(act).build(),
                rnn.vocabSize, rnn.hiddenSize, learningRate, clipNorm, seqLength, 0, DataType.DOUBLE);
        net.getLayer(0).setParam("W", Nd4j.create(Mat.transpose(rnn.wxh)));
        net.getLayer(0).setParam("RW", Nd4j.create(Mat.transpose(rnn.whh)));
        net.getLayer(0).setParam("b", Nd4j.create(new double[][] {rnn.bh}));
        net.getLayer(1).setParam("W", Nd4j.create(Mat.transpose(rnn.why)));
        net.getLayer(1).setParam("b", Nd4j.create(new double[][] {rnn.by}));
        return net;
    }

    /** One-hot encoding of a batch of index sequences: shape [batch, vocab, time] (DL4J's NCW). */
    public static INDArray oneHot(int[][] sequences, int vocabSize, DataType dataType) {
        int b = sequences.length;
        int t = sequences[0].length;
        float[] flat = new float[b * vocabSize * t];
        for (int i = 0; i < b; i++) {
            for (int s = 0; s < t; s++) flat[(i * vocabSize + sequences[i][s]) * t + s] = 1f;
        }
        return Nd4j.create(flat, new long[] {b, vocabSize, t}, 'c').castTo(dataType);
    }

    /** Predicted probabilities for one sequence: {@code [t][vocab]}. */
    public static double[][] probabilities(MultiLayerNetwork net, int[] inputs, int vocabSize) {
        INDArray out = net.output(oneHot(new int[][] {inputs}, vocabSize, net.params().dataType()));
        double[][] p = new double[inputs.length][vocabSize];
        for (int s = 0; s < inputs.length; s++) {
            for (int v = 0; v < vocabSize; v++) p[s][v] = out.getDouble(0, v, s);
        }
        return p;
    }

    /** Hidden states of the recurrent layer for one sequence: {@code [t][hidden]}. */
    public static double[][] hiddenStates(MultiLayerNetwork net, int[] inputs, int vocabSize) {
        INDArray h = net.feedForward(oneHot(new int[][] {inputs}, vocabSize, net.params().dataType()), false).get(1);
        int hidden = (int) h.size(1);
        double[][] out = new double[inputs.length][hidden];
        for (int s = 0; s < inputs.length; s++) {
            for (int k = 0; k < hidden; k++) out[s][k] = h.getDouble(0, k, s);
        }
        return out;
    }

    /** The minibatch of examples {@code order[from..to)} as a DL4J DataSet (features and labels one-hot). */
    public static DataSet batch(CharSequences data, int[] order, int from, int to, int vocabSize, DataType dataType) {
        int[][] x = new int[to - from][];
        int[][] y = new int[to - from][];
        for (int k = from; k < to; k++) {
            x[k - from] = data.inputs(order[k]);
            y[k - from] = data.targets(order[k]);
        }
        return new DataSet(oneHot(x, vocabSize, dataType), oneHot(y, vocabSize, dataType));
    }

    /**
     * The lesson's own training loop ({@link Trainer}) with a DL4J step: same shuffling (same seed,
     * same order), same batch size, the same log, so the DL4J twins compare with ours line by line.
     */
    public static Trainer trainer(String name, MultiLayerNetwork net, CharSequences data, int vocabSize, int batchSize, long seed) {
        int hidden = (int) net.getLayer(0).getParam("RW").size(0);
        DataType dt = net.params().dataType();
        return new Trainer(new TrainingLog(name, hidden, net.numParams()), (order, from, to) -> {
            net.fit(batch(data, order, from, to, vocabSize, dt));
            return net.score() / data.seqLength();
        }, data, batchSize, seed);
    }

    /** Mean loss per character of a DL4J char model on (up to {@code maxExamples} of) some examples. */
    public static double evaluate(MultiLayerNetwork net, CharSequences data, int vocabSize, int maxExamples) {
        int n = Math.min(maxExamples, data.count());
        int[] pick = data.evenlySpaced(n);
        double total = 0;
        DataType dt = net.params().dataType();
        for (int from = 0; from < n; from += 256) {
            int to = Math.min(n, from + 256);
            DataSet ds = batch(data, pick, from, to, vocabSize, dt);
            INDArray out = net.output(ds.getFeatures());
            INDArray labels = ds.getLabels();
            // cross-entropy: -sum(labels * log(p)) over vocab and time
            total += -labels.mul(Nd4j.math().log(out.add(1e-30))).sumNumber().doubleValue();
        }
        return total / ((double) n * data.seqLength());
    }

    /** Text generated by a DL4J char model, one character at a time with {@code rnnTimeStep}. */
    public static String sample(MultiLayerNetwork net, CharVocab vocab, String seed, int length, double temperature, Random rng) {
        net.rnnClearPreviousState();
        DataType dt = net.params().dataType();
        INDArray out = null;
        for (int i = 0; i < seed.length(); i++) {
            out = net.rnnTimeStep(oneHot(new int[][] {{vocab.indexOf(seed.charAt(i))}}, vocab.size(), dt));
        }
        StringBuilder sb = new StringBuilder(seed);
        for (int i = 0; i < length; i++) {
            double[] logp = new double[vocab.size()];
            for (int v = 0; v < logp.length; v++) logp[v] = Math.log(Math.max(out.getDouble(0, v, 0), 1e-30));
            int next = Sampler.pick(logp, temperature, rng);
            sb.append(vocab.charAt(next));
            out = net.rnnTimeStep(oneHot(new int[][] {{next}}, vocab.size(), dt));
        }
        net.rnnClearPreviousState();
        return sb.toString();
    }
}
