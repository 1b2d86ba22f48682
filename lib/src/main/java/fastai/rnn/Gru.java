package fastai.rnn;

import java.util.List;
import java.util.Random;

/**
 * A gated recurrent unit, by hand. Two gates, each a small one-layer network of the current
 * character and the previous state with a sigmoid on top (so its entries lie between 0 and 1),
 * decide how the state changes:
 *
 * <pre>
 *   r_t  = σ(Wxr x_t + Whr h_{t-1} + br)               reset gate: how much of the old state the candidate may see
 *   z_t  = σ(Wxz x_t + Whz h_{t-1} + bz)               update gate: how much of the old state to keep
 *   c_t  = tanh(Wxc x_t + Whc (r_t ⊙ h_{t-1}) + bc)    candidate state ("h tilde")
 *   h_t  = z_t ⊙ h_{t-1} + (1 - z_t) ⊙ c_t             keep where z ≈ 1, replace where z ≈ 0
 *   p_t  = softmax(Why h_t + by)
 * </pre>
 *
 * ⊙ is the element-wise product. As in {@link CharRnn}, x_t is one-hot, so {@code Wx· x_t} is a
 * column lookup.
 */
public final class Gru implements SequenceModel {
    public final int vocabSize;
    public final int hiddenSize;

    public final double[][] wxr, whr, wxz, whz, wxc, whc, why;
    public final double[] br, bz, bc, by;

    public final double[][] dWxr, dWhr, dWxz, dWhz, dWxc, dWhc, dWhy;
    public final double[] dbr, dbz, dbc, dby;

    private final List<Param> params;

    /** Random weights as in {@link CharRnn} (tanh case); all biases zero. */
    public Gru(int vocabSize, int hiddenSize, long seed) {
        this(vocabSize, hiddenSize, new Random(seed));
    }

    public Gru(int vocabSize, int hiddenSize, Random rng) {
        this.vocabSize = vocabSize;
        this.hiddenSize = hiddenSize;
        double sx = 1 / Math.sqrt(vocabSize);
        double sh = 1 / Math.sqrt(hiddenSize);
        wxr = Mat.randn(hiddenSize, vocabSize, sx, rng);
        whr = Mat.randn(hiddenSize, hiddenSize, sh, rng);
        wxz = Mat.randn(hiddenSize, vocabSize, sx, rng);
        whz = Mat.randn(hiddenSize, hiddenSize, sh, rng);
        wxc = Mat.randn(hiddenSize, vocabSize, sx, rng);
        whc = Mat.randn(hiddenSize, hiddenSize, sh, rng);
        why = Mat.randn(vocabSize, hiddenSize, sh, rng);
        br = new double[hiddenSize];
        bz = new double[hiddenSize];
        bc = new double[hiddenSize];
        by = new double[vocabSize];
        dWxr = new double[hiddenSize][vocabSize];
        dWhr = new double[hiddenSize][hiddenSize];
        dWxz = new double[hiddenSize][vocabSize];
        dWhz = new double[hiddenSize][hiddenSize];
        dWxc = new double[hiddenSize][vocabSize];
        dWhc = new double[hiddenSize][hiddenSize];
        dWhy = new double[vocabSize][hiddenSize];
        dbr = new double[hiddenSize];
        dbz = new double[hiddenSize];
        dbc = new double[hiddenSize];
        dby = new double[vocabSize];
        params = List.of(
                new Param("Wxr", wxr, dWxr), new Param("Whr", whr, dWhr), Param.vector("br", br, dbr),
                new Param("Wxz", wxz, dWxz), new Param("Whz", whz, dWhz), Param.vector("bz", bz, dbz),
                new Param("Wxc", wxc, dWxc), new Param("Whc", whc, dWhc), Param.vector("bc", bc, dbc),
                new Param("Why", why, dWhy), Param.vector("by", by, dby));
    }

    @Override public String name() { return "GRU (from scratch)"; }
    @Override public int vocabSize() { return vocabSize; }
    @Override public int hiddenSize() { return hiddenSize; }
    @Override public List<Param> params() { return params; }

    /** One step, keeping the gates: what the backward pass needs. */
    public static final class Step {
        public final double[] r, z, c, h;

        Step(double[] r, double[] z, double[] c, double[] h) {
            this.r = r;
            this.z = z;
            this.c = c;
            this.h = h;
        }
    }

    /** One step of the recurrence, with its gates. */
    public Step fullStep(double[] hPrev, int x) {
        double[] r = gate(wxr, whr, br, x, hPrev);
        double[] z = gate(wxz, whz, bz, x, hPrev);
        double[] c = bc.clone();
        Mat.addColumn(c, wxc, x);
        Mat.addMatVec(c, whc, Mat.mul(r, hPrev));
        Activations.TANH.applyInPlace(c);
        double[] h = new double[hiddenSize];
        for (int i = 0; i < hiddenSize; i++) h[i] = z[i] * hPrev[i] + (1 - z[i]) * c[i];
        return new Step(r, z, c, h);
    }

    /** σ(Wx[:, x] + Wh h + b). */
    private static double[] gate(double[][] wx, double[][] wh, double[] b, int x, double[] h) {
        double[] g = b.clone();
        Mat.addColumn(g, wx, x);
        Mat.addMatVec(g, wh, h);
        Activations.SIGMOID.applyInPlace(g);
        return g;
    }

    @Override
    public double[] step(double[] h, int x) {
        return fullStep(h, x).h;
    }

    @Override
    public double[] logits(double[] h) {
        double[] o = by.clone();
        Mat.addMatVec(o, why, h);
        return o;
    }

    /** The unrolled forward pass over one sequence. */
    public static final class Unrolled {
        public final int[] inputs;
        public final int[] targets;
        /** hs[0] = starting state; hs[t+1] = state after inputs[t]. */
        public final double[][] hs;
        public final Step[] steps;
        public final double[][] probs;
        public final double[] stepLoss;
        public final double loss;

        Unrolled(int[] inputs, int[] targets, double[][] hs, Step[] steps, double[][] probs, double[] stepLoss, double loss) {
            this.inputs = inputs;
            this.targets = targets;
            this.hs = hs;
            this.steps = steps;
            this.probs = probs;
            this.stepLoss = stepLoss;
            this.loss = loss;
        }

        public int length() {
            return inputs.length;
        }
    }

    public Unrolled forward(int[] inputs, int[] targets) {
        int n = inputs.length;
        double[][] hs = new double[n + 1][];
        Step[] steps = new Step[n];
        double[][] probs = new double[n][];
        double[] stepLoss = new double[n];
        hs[0] = initialState();
        double total = 0;
        for (int t = 0; t < n; t++) {
            steps[t] = fullStep(hs[t], inputs[t]);
            hs[t + 1] = steps[t].h;
            probs[t] = SoftmaxCrossEntropy.softmax(logits(hs[t + 1]));
            if (targets != null) {
                stepLoss[t] = SoftmaxCrossEntropy.loss(probs[t], targets[t]);
                total += stepLoss[t];
            } else {
                stepLoss[t] = Double.NaN;
            }
        }
        return new Unrolled(inputs, targets, hs, steps, probs, stepLoss, targets == null ? Double.NaN : total / n);
    }

    /**
     * Backpropagation through time. With dh = dL/dh_t (from the prediction and from step t+1):
     * <pre>
     *   dz = dh ⊙ (h_{t-1} - c)        dc = dh ⊙ (1 - z)        dh_{t-1} gets dh ⊙ z directly
     *   dc_pre = dc ⊙ (1 - c²)          → Wxc, bc, and Whc via the outer product with r ⊙ h_{t-1}
     *   d(r ⊙ h) = Whcᵀ dc_pre          dr = d(r ⊙ h) ⊙ h_{t-1}; dh_{t-1} gets d(r ⊙ h) ⊙ r
     *   dz_pre = dz ⊙ z(1 - z)          dr_pre = dr ⊙ r(1 - r)
     *   dh_{t-1} also gets Whzᵀ dz_pre + Whrᵀ dr_pre
     * </pre>
     */
    public void backward(Unrolled u) {
        int n = u.length();
        double scale = 1.0 / n;
        double[] dhNext = new double[hiddenSize];
        for (int t = n - 1; t >= 0; t--) {
            Step s = u.steps[t];
            double[] hPrev = u.hs[t];
            double[] dy = SoftmaxCrossEntropy.gradient(u.probs[t], u.targets[t]);
            for (int i = 0; i < dy.length; i++) dy[i] *= scale;
            Mat.addOuter(dWhy, dy, s.h);
            Mat.addInPlace(dby, dy);

            double[] dh = Mat.matTVec(why, dy);
            Mat.addInPlace(dh, dhNext);

            double[] dhPrev = new double[hiddenSize];
            double[] dzPre = new double[hiddenSize];
            double[] dcPre = new double[hiddenSize];
            for (int i = 0; i < hiddenSize; i++) {
                double z = s.z[i];
                double c = s.c[i];
                dhPrev[i] = dh[i] * z;
                dzPre[i] = dh[i] * (hPrev[i] - c) * z * (1 - z);
                dcPre[i] = dh[i] * (1 - z) * (1 - c * c);
            }
            // candidate
            double[] rh = Mat.mul(s.r, hPrev);
            Mat.addToColumn(dWxc, u.inputs[t], dcPre);
            Mat.addInPlace(dbc, dcPre);
            Mat.addOuter(dWhc, dcPre, rh);
            double[] dRh = Mat.matTVec(whc, dcPre);
            double[] drPre = new double[hiddenSize];
            for (int i = 0; i < hiddenSize; i++) {
                double r = s.r[i];
                dhPrev[i] += dRh[i] * r;
                drPre[i] = dRh[i] * hPrev[i] * r * (1 - r);
            }
            // update gate
            Mat.addToColumn(dWxz, u.inputs[t], dzPre);
            Mat.addInPlace(dbz, dzPre);
            Mat.addOuter(dWhz, dzPre, hPrev);
            Mat.addMatTVec(dhPrev, whz, dzPre);
            // reset gate
            Mat.addToColumn(dWxr, u.inputs[t], drPre);
            Mat.addInPlace(dbr, drPre);
            Mat.addOuter(dWhr, drPre, hPrev);
            Mat.addMatTVec(dhPrev, whr, drPre);

            dhNext = dhPrev;
        }
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
