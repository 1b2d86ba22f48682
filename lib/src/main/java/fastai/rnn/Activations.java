package fastai.rnn;

/**
 * The three non-linearities of the lesson, each with its derivative.
 *
 * <p>All three derivatives can be written in terms of the activation's <em>output</em>
 * {@code a = f(z)}, which the forward pass has kept anyway, so backprop never needs {@code z}:
 * <ul>
 *   <li>sigmoid: {@code a = 1 / (1 + e^-z)}, {@code da/dz = a (1 - a)}</li>
 *   <li>tanh: {@code a = tanh z}, {@code da/dz = 1 - a²}</li>
 *   <li>relu: {@code a = max(0, z)}, {@code da/dz = 1 if z > 0 else 0} (equivalently {@code a > 0})</li>
 * </ul>
 */
public enum Activations {
    SIGMOID {
        @Override public double apply(double z) { return sigmoid(z); }
        @Override public double derivative(double z) { double s = sigmoid(z); return s * (1 - s); }
        @Override public double derivativeFromOutput(double a) { return a * (1 - a); }
    },
    TANH {
        @Override public double apply(double z) { return Math.tanh(z); }
        @Override public double derivative(double z) { double t = Math.tanh(z); return 1 - t * t; }
        @Override public double derivativeFromOutput(double a) { return 1 - a * a; }
    },
    RELU {
        @Override public double apply(double z) { return z > 0 ? z : 0; }
        @Override public double derivative(double z) { return z > 0 ? 1 : 0; }
        @Override public double derivativeFromOutput(double a) { return a > 0 ? 1 : 0; }
    };

    /** f(z). */
    public abstract double apply(double z);

    /** f'(z), from the input. */
    public abstract double derivative(double z);

    /** f'(z) written in terms of the output a = f(z). */
    public abstract double derivativeFromOutput(double a);

    /** f applied to every entry, into a new array. */
    public double[] apply(double[] z) {
        double[] a = new double[z.length];
        for (int i = 0; i < z.length; i++) a[i] = apply(z[i]);
        return a;
    }

    /** f applied to every entry, in place. */
    public void applyInPlace(double[] z) {
        for (int i = 0; i < z.length; i++) z[i] = apply(z[i]);
    }

    /**
     * Backprop through f: given the activations {@code a} and the gradient {@code dA} of the loss
     * with respect to them, the gradient with respect to the inputs z is {@code dA ⊙ f'(z)}.
     */
    public double[] backward(double[] a, double[] dA) {
        double[] dZ = new double[a.length];
        for (int i = 0; i < a.length; i++) dZ[i] = dA[i] * derivativeFromOutput(a[i]);
        return dZ;
    }

    /** The logistic sigmoid, computed without overflow for large |z|. */
    public static double sigmoid(double z) {
        if (z >= 0) return 1 / (1 + Math.exp(-z));
        double e = Math.exp(z);
        return e / (1 + e);
    }
}
