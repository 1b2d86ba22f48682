package fastai.rnn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lesson 6's first models, written out position by position as a SameDiff graph: {@code length}
 * characters in, the next one out. Every position goes through the <em>same</em> embedding and
 * the <em>same</em> input weights, the hidden state is carried from one position to the next
 * through the <em>same</em> hidden weights:
 *
 * <pre>
 *   e_t = embedding[x_t]                              (V×F table, one row per character)
 *   h_1 = relu(e_1 W_in + b)
 *   h_t = relu(e_t W_in + h_{t-1} W_hidden + b)       t = 2..length
 *   p   = softmax(h_length W_out + b_out)
 * </pre>
 *
 * <p>Why SameDiff: in DL4J's layer API every layer owns its parameters, so "one dense layer used
 * at three places of a chain" cannot be said ({@code StackVertex} shares a layer between
 * parallel inputs, but here position 2 needs the result of position 1). In SameDiff a weight is
 * one variable and the graph simply uses it three (or eight) times; autodiff adds up the three
 * contributions to its gradient.
 *
 * <p>This is exactly DL4J's {@code SimpleRnn} (relu) unrolled, so the same weights give the same
 * outputs ({@link Lesson6Nets#simpleRnnFrom}). The course added relu(input) and tanh(hidden)
 * outside one non-linearity for its three-character model; here the sum sits inside, as in an RNN.
 * W_hidden starts as the identity matrix, as in the course (a state is passed on unchanged until
 * training decides otherwise).
 */
public final class UnrolledRnn {
    public static final String INPUT = "x", LABEL = "y", PROBS = "probs", LOSS = "loss";
    public static final String EMBEDDING = "embedding", W_IN = "w_in", W_HIDDEN = "w_hidden", B = "b",
            W_OUT = "w_out", B_OUT = "b_out";

    public final SameDiff sd;
    public final int length, vocabSize, factors, hidden;

    private UnrolledRnn(SameDiff sd, int length, int vocabSize, int factors, int hidden) {
        this.sd = sd;
        this.length = length;
        this.vocabSize = vocabSize;
        this.factors = factors;
        this.hidden = hidden;
    }

    /** Random weights (normal, scaled by 1/sqrt(fan-in)), W_hidden the identity, biases zero. */
    public static UnrolledRnn build(int length, int vocabSize, int factors, int hidden, DataType type, long seed) {
        Random rng = new Random(seed);
        return build(length,
                randn(vocabSize, factors, 1.0, rng, type),
                randn(factors, hidden, 1 / Math.sqrt(factors), rng, type),
                Nd4j.eye(hidden).castTo(type),
                Nd4j.zeros(type, hidden),
                randn(hidden, vocabSize, 1 / Math.sqrt(hidden), rng, type),
                Nd4j.zeros(type, vocabSize));
    }

    /** A graph over the given weights (copied into the graph's variables). */
    public static UnrolledRnn build(int length, INDArray embedding, INDArray wIn, INDArray wHidden, INDArray b,
                                    INDArray wOut, INDArray bOut) {
        if (length < 1) throw new IllegalArgumentException("length must be at least 1, got " + length);
        int v = (int) embedding.size(0), f = (int) embedding.size(1), h = (int) wHidden.size(0);
        DataType type = embedding.dataType();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, type, -1, length);
        SDVariable y = sd.placeHolder(LABEL, type, -1, 1);
        SDVariable emb = sd.var(EMBEDDING, embedding.dup());
        SDVariable win = sd.var(W_IN, wIn.dup());
        SDVariable whid = sd.var(W_HIDDEN, wHidden.dup());
        SDVariable bias = sd.var(B, b.reshape(h).dup());
        SDVariable wout = sd.var(W_OUT, wOut.dup());
        SDVariable bout = sd.var(B_OUT, bOut.reshape(v).dup());

        SDVariable xi = x.castTo(DataType.INT);
        SDVariable state = null;
        for (int t = 0; t < length; t++) {
            // the embedding lookup as one-hot times the table (SameDiff M2.1's gather cannot be
            // differentiated when it is used more than once in a graph; the product is the same row)
            SDVariable oneHot = sd.oneHot(xi.get(SDIndex.all(), SDIndex.point(t)), v, -1, 1.0, 0.0, type);
            SDVariable e = oneHot.mmul(emb);                                              // [mb, F]
            SDVariable z = e.mmul(win);                                                  // same W_in at every t
            if (state != null) z = z.add(state.mmul(whid));                             // same W_hidden at every t
            state = sd.nn.relu("h" + (t + 1), z.add(bias), 0);
        }
        SDVariable logits = state.mmul(wout).add(bout);
        sd.nn.softmax(PROBS, logits, 1);
        SDVariable labels = y.reshape(-1).castTo(DataType.INT);
        sd.mean(LOSS, crossEntropy(sd, logits, labels, v, type));
        sd.setLossVariables(LOSS);
        return new UnrolledRnn(sd, length, v, f, h);
    }

    /**
     * Cross-entropy of each row of {@code logits} against an index label: {@code -log softmax(logits)[label]},
     * written out as log-softmax times a one-hot mask. (SameDiff M2.1's {@code sparseSoftmaxCrossEntropy}
     * computes the right loss but its gradient ignores what flows in from above, e.g. a mean's 1/n:
     * the gradients came out n times too large.)
     */
    static SDVariable crossEntropy(SameDiff sd, SDVariable logits, SDVariable labels, int vocabSize, DataType type) {
        SDVariable mask = sd.oneHot(labels, vocabSize, -1, 1.0, 0.0, type);
        return sd.nn.logSoftmax(logits).mul(mask).sum(1).neg();
    }

    /** Probabilities of the next character, {@code [n, V]}, for inputs {@code [n, length]}. */
    public INDArray probabilities(INDArray x) {
        return sd.output(Map.of(INPUT, x.castTo(dataType())), PROBS).get(PROBS);
    }

    /** Mean cross-entropy (nats per predicted character) of predicting {@code y [n,1]} from {@code x}. */
    public double loss(INDArray x, INDArray y) {
        return sd.output(Map.of(INPUT, x.castTo(dataType()), LABEL, y.castTo(dataType())), LOSS).get(LOSS).getDouble(0);
    }

    /** dLoss/dW for every weight, by SameDiff's automatic differentiation. */
    public Map<String, INDArray> gradients(INDArray x, INDArray y) {
        return sd.calculateGradients(Map.of(INPUT, x.castTo(dataType()), LABEL, y.castTo(dataType())), weightNames());
    }

    public List<String> weightNames() {
        return List.of(EMBEDDING, W_IN, W_HIDDEN, B, W_OUT, B_OUT);
    }

    public INDArray weight(String name) {
        return sd.getVariable(name).getArr();
    }

    public DataType dataType() {
        return weight(EMBEDDING).dataType();
    }

    /** The names of the graph's operations that read {@code variable}: how often one weight is used. */
    public List<String> usesOf(String variable) {
        List<String> ops = sd.getVariables().get(variable).getInputsForOp();
        return ops == null ? List.of() : new ArrayList<>(ops);
    }

    /** Number of trainable numbers: V·F + F·H + H·H + H + H·V + V, the same for 3 positions or 300. */
    public long parameterCount() {
        long n = 0;
        for (String w : weightNames()) n += weight(w).length();
        return n;
    }

    static INDArray randn(int rows, int cols, double std, Random rng, DataType type) {
        double[][] m = Mat.randn(rows, cols, std, rng);
        return Nd4j.create(m).castTo(type);
    }
}
