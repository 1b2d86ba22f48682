package fastai.rnn;

import java.util.List;
import java.util.Random;

/**
 * A character-level recurrent network written out by hand. For each character x_t of the input
 * (an index, standing for a one-hot vector):
 *
 * <pre>
 *   h_t = f(Wxh x_t + Whh h_{t-1} + bh)        hidden state; f = tanh (or relu)
 *   p_t = softmax(Why h_t + by)                 prediction of the next character
 *   L   = mean over t of -log p_t[y_t]          y_t = the character that really comes next
 * </pre>
 *
 * {@code Wxh x_t} with a one-hot x_t is just column x_t of Wxh, so the code picks that column
 * instead of multiplying by a vector of zeros. {@link #forward} keeps every state of the unrolled
 * computation; {@link #backward} walks it back to front (backpropagation through time).
 *
 * <p>Shapes (V = vocabulary size, H = hidden size): Wxh H×V, Whh H×H, bh H, Why V×H, by V.
 */
public final class CharRnn implements SequenceModel {
    public final int vocabSize;
    public final int hiddenSize;
    public final Activations activation;

    public final double[][] wxh, whh, why;
    public final double[] bh, by;

    public final double[][] dWxh, dWhh, dWhy;
    public final double[] dbh, dby;

    private final List<Param> params;

    /**
     * Random starting weights: Wxh and Why normal with standard deviation 1/√fan-in (fan-in of Wxh
     * is 1, a one-hot input, so 1/√V keeps the scale of a dense input). Whh depends on f: for
     * tanh a random normal matrix with standard deviation 1/√H (its largest eigenvalue is then
     * about 1: the state neither dies nor blows up at the start), for relu the identity matrix,
     * the trick the course used for its relu RNN (a state is carried forward unchanged until
     * training decides otherwise). Biases start at zero.
     */
    public CharRnn(int vocabSize, int hiddenSize, Activations activation, long seed) {
        this(vocabSize, hiddenSize, activation, new Random(seed));
    }

    public CharRnn(int vocabSize, int hiddenSize, Activations activation, Random rng) {
        this(Mat.randn(hiddenSize, vocabSize, 1 / Math.sqrt(vocabSize), rng),
             activation == Activations.RELU ? Mat.identity(hiddenSize, 1.0)
                                            : Mat.randn(hiddenSize, hiddenSize, 1 / Math.sqrt(hiddenSize), rng),
             new double[hiddenSize],
             Mat.randn(vocabSize, hiddenSize, 1 / Math.sqrt(hiddenSize), rng),
             new double[vocabSize],
             activation);
    }

    /** A network with the given weights (used as they are, not copied). */
    public CharRnn(double[][] wxh, double[][] whh, double[] bh, double[][] why, double[] by, Activations activation) {
        this.hiddenSize = whh.length;
        this.vocabSize = why.length;
        if (wxh.length != hiddenSize || wxh[0].length != vocabSize || whh[0].length != hiddenSize
                || bh.length != hiddenSize || why[0].length != hiddenSize || by.length != vocabSize) {
            throw new IllegalArgumentException("inconsistent shapes: Wxh " + wxh.length + "×" + wxh[0].length
                    + ", Whh " + whh.length + "×" + whh[0].length + ", bh " + bh.length
                    + ", Why " + why.length + "×" + why[0].length + ", by " + by.length);
        }
        this.activation = activation;
        this.wxh = wxh;
        this.whh = whh;
        this.bh = bh;
        this.why = why;
        this.by = by;
        this.dWxh = new double[hiddenSize][vocabSize];
        this.dWhh = new double[hiddenSize][hiddenSize];
        this.dbh = new double[hiddenSize];
        this.dWhy = new double[vocabSize][hiddenSize];
        this.dby = new double[vocabSize];
        this.params = List.of(
                new Param("Wxh", wxh, dWxh),
                new Param("Whh", whh, dWhh),
                Param.vector("bh", bh, dbh),
                new Param("Why", why, dWhy),
                Param.vector("by", by, dby));
    }

    @Override public String name() { return "RNN (" + activation.name().toLowerCase() + ", from scratch)"; }
    @Override public int vocabSize() { return vocabSize; }
    @Override public int hiddenSize() { return hiddenSize; }
    @Override public List<Param> params() { return params; }

    /** h_t = f(Wxh[:, x] + Whh h + bh). */
    @Override
    public double[] step(double[] h, int x) {
        double[] z = bh.clone();
        Mat.addColumn(z, wxh, x);
        Mat.addMatVec(z, whh, h);
        activation.applyInPlace(z);
        return z;
    }

    @Override
    public double[] logits(double[] h) {
        double[] z = by.clone();
        Mat.addMatVec(z, why, h);
        return z;
    }

    /** Everything the forward pass computed for one sequence, kept for backprop and for looking at. */
    public static final class Unrolled {
        public final int[] inputs;
        public final int[] targets;
        /** hs[0] is the starting state, hs[t+1] the state after reading inputs[t]. */
        public final double[][] hs;
        /** probs[t]: the predicted distribution of the character after inputs[t]. */
        public final double[][] probs;
        /** Cross-entropy at each step (NaN without targets). */
        public final double[] stepLoss;
        /** Mean of stepLoss. */
        public final double loss;
        /** Filled by {@link CharRnn#backward}: dL/d(pre-activation) of the hidden layer at each step. */
        public final double[][] dz;

        Unrolled(int[] inputs, int[] targets, double[][] hs, double[][] probs, double[] stepLoss, double loss) {
            this.inputs = inputs;
            this.targets = targets;
            this.hs = hs;
            this.probs = probs;
            this.stepLoss = stepLoss;
            this.loss = loss;
            this.dz = new double[inputs.length][];
        }

        public int length() {
            return inputs.length;
        }

        /** The state after the last character: where the next sequence could carry on from. */
        public double[] lastState() {
            return hs[hs.length - 1];
        }
    }

    /** The forward pass from a zero state. */
    public Unrolled forward(int[] inputs, int[] targets) {
        return forward(inputs, targets, initialState());
    }

    /**
     * The forward pass: reads {@code inputs} one character at a time starting from state h0 (a
     * "scan": the same step applied along the sequence, each step fed the previous result).
     * {@code targets} may be null (then no loss).
     */
    public Unrolled forward(int[] inputs, int[] targets, double[] h0) {
        int n = inputs.length;
        double[][] hs = new double[n + 1][];
        double[][] probs = new double[n][];
        double[] stepLoss = new double[n];
        hs[0] = h0.clone();
        double total = 0;
        for (int t = 0; t < n; t++) {
            hs[t + 1] = step(hs[t], inputs[t]);
            probs[t] = SoftmaxCrossEntropy.softmax(logits(hs[t + 1]));
            if (targets != null) {
                stepLoss[t] = SoftmaxCrossEntropy.loss(probs[t], targets[t]);
                total += stepLoss[t];
            } else {
                stepLoss[t] = Double.NaN;
            }
        }
        return new Unrolled(inputs, targets, hs, probs, stepLoss, targets == null ? Double.NaN : total / n);
    }

    /**
     * Backpropagation through time: adds dL/d(every parameter) to the gradient buffers, going
     * from the last step to the first. At step t the gradient reaching h_t has two parts: from
     * this step's prediction (Whyᵀ dy_t) and from the next step (Whhᵀ dz_{t+1}). Every weight
     * matrix gets the outer product of the gradient at its output with its input, summed over
     * the steps: dWhh += dz_t ⊗ h_{t-1}.
     *
     * @return dL/dh0, the gradient with respect to the starting state
     */
    public double[] backward(Unrolled u) {
        int n = u.length();
        double scale = 1.0 / n;                      // the loss is a mean over the n steps
        double[] dhNext = new double[hiddenSize];    // gradient arriving from step t+1
        for (int t = n - 1; t >= 0; t--) {
            double[] h = u.hs[t + 1];
            double[] hPrev = u.hs[t];
            // output layer: dL/dlogits = (p - onehot(y)) / n
            double[] dy = SoftmaxCrossEntropy.gradient(u.probs[t], u.targets[t]);
            for (int i = 0; i < dy.length; i++) dy[i] *= scale;
            Mat.addOuter(dWhy, dy, h);
            Mat.addInPlace(dby, dy);
            // into the hidden state: from the prediction and from the future
            double[] dh = Mat.matTVec(why, dy);
            Mat.addInPlace(dh, dhNext);
            // through the non-linearity
            double[] dz = activation.backward(h, dh);
            u.dz[t] = dz;
            Mat.addToColumn(dWxh, u.inputs[t], dz);
            Mat.addInPlace(dbh, dz);
            Mat.addOuter(dWhh, dz, hPrev);
            // on to the previous step
            dhNext = Mat.matTVec(whh, dz);
        }
        return dhNext;
    }

    @Override
    public double loss(int[] inputs, int[] targets) {
        return forward(inputs, targets).loss;
    }

    @Override
    public double accumulateGradients(int[] inputs, int[] targets) {
        Unrolled u = forward(inputs, targets);
        backward(u);
        return u.loss;
    }
}
