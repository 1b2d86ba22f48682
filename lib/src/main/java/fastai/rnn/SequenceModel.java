package fastai.rnn;

import java.util.List;

/**
 * What the trainer, the optimizer, the gradient check and the sampler need from a from-scratch
 * character model ({@link CharRnn}, {@link Gru}): its parameters, one step of its recurrence,
 * its output scores, and the loss of a sequence with or without its gradients.
 *
 * <p>The loss of a sequence is the mean, over its time steps, of the cross-entropy of the
 * prediction at that step against the character that really comes next (nats per character).
 */
public interface SequenceModel {
    /** A short name for tables and plots. */
    String name();

    int vocabSize();

    int hiddenSize();

    /** Every parameter with its gradient buffer, in a fixed order. */
    List<Param> params();

    /** The hidden state before the first character: zeros. */
    default double[] initialState() {
        return new double[hiddenSize()];
    }

    /** The next hidden state after reading character {@code input} in state {@code h}. */
    double[] step(double[] h, int input);

    /** The output scores (logits) for the next character, given hidden state h. */
    double[] logits(double[] h);

    /** Mean cross-entropy per character of predicting {@code targets} from {@code inputs}. */
    double loss(int[] inputs, int[] targets);

    /**
     * Forward pass, then backpropagation through time: <em>adds</em> the gradient of this
     * sequence's loss to every {@link Param#grad}, and returns the loss.
     */
    double accumulateGradients(int[] inputs, int[] targets);

    default void zeroGrad() {
        for (Param p : params()) p.zeroGrad();
    }

    /** Total number of trainable numbers. */
    default long parameterCount() {
        long n = 0;
        for (Param p : params()) n += p.size();
        return n;
    }
}
