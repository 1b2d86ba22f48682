package fastai.rnn;

/**
 * Softmax turns a vector of scores (logits) into probabilities; cross-entropy scores those
 * probabilities against the true class. Put together, their derivative is remarkably simple:
 *
 * <pre>
 *   p = softmax(z),  p_i = e^{z_i} / Σ_k e^{z_k}
 *   L = -log p_y                         (y = index of the true class)
 *   dL/dz = p - onehot(y)
 * </pre>
 *
 * The pieces are here separately too ({@link #crossEntropyGradient}, {@link #softmaxJacobian}) so
 * that a notebook or a test can multiply them out and see the short form appear.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() { }

    /** Softmax, shifted by the largest score first so that {@code exp} cannot overflow. */
    public static double[] softmax(double[] z) {
        double max = z[0];
        for (double v : z) max = Math.max(max, v);
        double[] p = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) p[i] /= sum;
        return p;
    }

    /**
     * {@code softmax(z / temperature)}: a temperature below 1 sharpens the distribution (more
     * conservative samples), above 1 flattens it (more adventurous ones).
     */
    public static double[] softmax(double[] z, double temperature) {
        double[] scaled = new double[z.length];
        for (int i = 0; i < z.length; i++) scaled[i] = z[i] / temperature;
        return softmax(scaled);
    }

    /** Cross-entropy of probabilities p against the true class y: {@code -log p[y]}. */
    public static double loss(double[] p, int y) {
        return -Math.log(Math.max(p[y], 1e-300));
    }

    /** The derivative of the loss with respect to the logits: {@code p - onehot(y)}. */
    public static double[] gradient(double[] p, int y) {
        double[] d = p.clone();
        d[y] -= 1;
        return d;
    }

    /** dL/dp for {@code L = -log p[y]}: zero everywhere except {@code -1/p[y]} at y. */
    public static double[] crossEntropyGradient(double[] p, int y) {
        double[] d = new double[p.length];
        d[y] = -1 / p[y];
        return d;
    }

    /** The Jacobian of softmax, {@code J[i][k] = dp_i/dz_k = p_i (δ_ik - p_k)}. */
    public static double[][] softmaxJacobian(double[] p) {
        int n = p.length;
        double[][] j = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) j[i][k] = p[i] * ((i == k ? 1 : 0) - p[k]);
        }
        return j;
    }
}
