package fastai.rnn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lesson 7's {@link CharRnn} (tanh, one-hot characters in, a prediction at every step) as a
 * SameDiff graph: the Java twin of the course's Theano RNN, where only the forward computation
 * is written and {@code T.grad} finds every gradient. Same weights, same layout (column-vector
 * form: {@code h_t = tanh(Wxh x_t + Whh h_{t-1} + bh)}, {@code p_t = softmax(Why h_t + by)}), same
 * loss (mean cross-entropy over the steps), so SameDiff's gradients can be set beside the
 * hand-written backpropagation of {@link CharRnn#backward}.
 *
 * <p>Inputs {@code x [batch, T]} and targets {@code y [batch, T]} are character indices; the loss
 * is the mean over the batch and the T steps. The graph is unrolled for a fixed T (a loop in
 * Java, like Theano's {@code scan} written out).
 */
public final class SameDiffRnn {
    public static final String INPUT = "x", LABEL = "y", LOSS = "loss", PROBS_LAST = "probs_last";
    public static final List<String> WEIGHTS = List.of("Wxh", "Whh", "bh", "Why", "by");

    public final SameDiff sd;
    public final int steps, vocabSize, hidden;

    private SameDiffRnn(SameDiff sd, int steps, int vocabSize, int hidden) {
        this.sd = sd;
        this.steps = steps;
        this.vocabSize = vocabSize;
        this.hidden = hidden;
    }

    /** The graph for sequences of {@code steps} characters, holding a copy of {@code rnn}'s weights (tanh only). */
    public static SameDiffRnn of(CharRnn rnn, int steps, DataType type) {
        if (rnn.activation != Activations.TANH) throw new IllegalArgumentException("only the tanh RNN has a SameDiff twin here, got " + rnn.activation);
        if (steps < 1) throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        int v = rnn.vocabSize, h = rnn.hiddenSize;
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, type, -1, steps);
        SDVariable y = sd.placeHolder(LABEL, type, -1, steps);
        SDVariable wxh = sd.var("Wxh", Nd4j.create(rnn.wxh).castTo(type));
        SDVariable whh = sd.var("Whh", Nd4j.create(rnn.whh).castTo(type));
        SDVariable bh = sd.var("bh", Nd4j.create(rnn.bh).castTo(type));
        SDVariable why = sd.var("Why", Nd4j.create(rnn.why).castTo(type));
        SDVariable by = sd.var("by", Nd4j.create(rnn.by).castTo(type));

        // row-vector form for a batch: x_t Wxhᵀ + h Whhᵀ + bh (each weight transposed once, used at every step)
        SDVariable wxhT = sd.transpose(wxh), whhT = sd.transpose(whh), whyT = sd.transpose(why);
        SDVariable xi = x.castTo(DataType.INT);
        SDVariable yi = y.castTo(DataType.INT);
        SDVariable state = null;
        SDVariable total = null;
        SDVariable logits = null;
        for (int t = 0; t < steps; t++) {
            SDVariable oneHot = sd.oneHot(xi.get(SDIndex.all(), SDIndex.point(t)), v, -1, 1.0, 0.0, type);   // [mb, V]
            SDVariable z = oneHot.mmul(wxhT).add(bh);                                // x Wxhᵀ
            if (state != null) z = z.add(state.mmul(whhT));                         // h Whhᵀ
            state = sd.math.tanh("h" + (t + 1), z);
            logits = state.mmul(whyT).add(by);                                      // h Whyᵀ
            SDVariable xent = UnrolledRnn.crossEntropy(sd, logits, yi.get(SDIndex.all(), SDIndex.point(t)), v, type);
            SDVariable stepLoss = sd.mean(xent);
            total = total == null ? stepLoss : total.add(stepLoss);
        }
        total.div(LOSS, steps);
        sd.nn.softmax(PROBS_LAST, logits, 1);
        sd.setLossVariables(LOSS);
        return new SameDiffRnn(sd, steps, v, h);
    }

    private Map<String, INDArray> feed(INDArray x, INDArray y) {
        DataType type = sd.getVariable("Wxh").dataType();
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(INPUT, x.castTo(type));
        if (y != null) m.put(LABEL, y.castTo(type));
        return m;
    }

    /** Mean cross-entropy per character over the batch. */
    public double loss(INDArray x, INDArray y) {
        return sd.output(feed(x, y), LOSS).get(LOSS).getDouble(0);
    }

    /** SameDiff's gradients of the loss, in {@link CharRnn}'s shapes (biases as plain vectors). */
    public Map<String, double[][]> gradients(INDArray x, INDArray y) {
        Map<String, INDArray> g = sd.calculateGradients(feed(x, y), WEIGHTS);
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (String w : WEIGHTS) {
            INDArray a = g.get(w).castTo(DataType.DOUBLE);
            out.put(w, a.rank() == 1 ? new double[][] {a.toDoubleVector()} : a.toDoubleMatrix());
        }
        return out;
    }

    /** Probabilities of the character after each window {@code [n, V]} (the last step's prediction). */
    public INDArray probabilities(INDArray x) {
        return sd.output(feed(x, null), PROBS_LAST).get(PROBS_LAST);
    }

    /** The graph's current weights copied into a new {@link CharRnn} (to sample or evaluate it with lesson 7's code). */
    public CharRnn toCharRnn() {
        return new CharRnn(matrix("Wxh"), matrix("Whh"), vector("bh"), matrix("Why"), vector("by"), Activations.TANH);
    }

    private double[][] matrix(String name) {
        return sd.getVariable(name).getArr().castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    private double[] vector(String name) {
        return sd.getVariable(name).getArr().castTo(DataType.DOUBLE).toDoubleVector();
    }

    /** The batch of sequences {@code seqs} as indices {@code [n, T]}. */
    public static INDArray indices(int[][] seqs) {
        double[][] d = new double[seqs.length][];
        for (int i = 0; i < seqs.length; i++) {
            d[i] = new double[seqs[i].length];
            for (int t = 0; t < seqs[i].length; t++) d[i][t] = seqs[i][t];
        }
        return Nd4j.create(d);
    }
}
