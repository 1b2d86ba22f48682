package fastai.rnn;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent written out: {@code w -= lr * g} for every entry of every parameter,
 * after clipping the gradient. Clipping rescales the whole gradient (all parameters together)
 * when its L2 norm exceeds {@code clipNorm}, keeping its direction. RNNs need this: through the
 * repeated multiplication by Whh a gradient can occasionally explode, and one huge step would
 * undo everything learned so far.
 *
 * <p>Optional classical momentum {@code v = μ v + g; w -= lr v} (μ = 0 gives plain SGD).
 */
public final class Sgd {
    public final double learningRate;
    public final double clipNorm;
    public final double momentum;
    private final Map<Param, double[][]> velocity = new IdentityHashMap<>();
    private double lastNorm;
    private long clippedSteps;
    private long steps;

    /** Plain SGD with gradient clipping ({@code clipNorm <= 0} or infinite: no clipping). */
    public Sgd(double learningRate, double clipNorm) {
        this(learningRate, clipNorm, 0);
    }

    public Sgd(double learningRate, double clipNorm, double momentum) {
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
        this.momentum = momentum;
    }

    /** The L2 norm of all the gradients together. */
    public static double gradientNorm(List<Param> params) {
        double ss = 0;
        for (Param p : params) ss += Mat.sumOfSquares(p.grad);
        return Math.sqrt(ss);
    }

    /** Clips the gradients in place if needed; returns the norm before clipping. */
    public double clip(List<Param> params) {
        double norm = gradientNorm(params);
        if (clipNorm > 0 && norm > clipNorm) {
            double s = clipNorm / norm;
            for (Param p : params) Mat.scaleInPlace(p.grad, s);
            clippedSteps++;
        }
        return norm;
    }

    /** Clips, then updates every parameter. Returns the gradient norm before clipping. */
    public double step(List<Param> params) {
        lastNorm = clip(params);
        steps++;
        for (Param p : params) {
            if (momentum == 0) {
                for (int i = 0; i < p.rows(); i++) Mat.axpy(-learningRate, p.grad[i], p.value[i]);
            } else {
                double[][] v = velocity.computeIfAbsent(p, k -> new double[k.rows()][k.cols()]);
                for (int i = 0; i < p.rows(); i++) {
                    double[] vi = v[i];
                    double[] gi = p.grad[i];
                    for (int j = 0; j < vi.length; j++) vi[j] = momentum * vi[j] + gi[j];
                    Mat.axpy(-learningRate, vi, p.value[i]);
                }
            }
        }
        return lastNorm;
    }

    /** The gradient norm (before clipping) at the last step. */
    public double lastNorm() {
        return lastNorm;
    }

    /** How many of the steps so far had their gradient clipped. */
    public long clippedSteps() {
        return clippedSteps;
    }

    public long steps() {
        return steps;
    }

    @Override
    public String toString() {
        return "Sgd(lr=" + learningRate + ", clipNorm=" + clipNorm + (momentum != 0 ? ", momentum=" + momentum : "") + ")";
    }
}
