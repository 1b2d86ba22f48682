package fastai.rnn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks backpropagation against finite differences: for every entry w of every parameter,
 * nudges it and measures how the loss changes. The simplest estimate is the central difference
 * {@code (L(w+ε) - L(w-ε)) / 2ε}; we use its refinement that also evaluates at ±2ε,
 *
 * <pre>   numeric = (-L(w+2ε) + 8 L(w+ε) - 8 L(w-ε) + L(w-2ε)) / 12ε </pre>
 *
 * whose error shrinks like ε⁴ instead of ε². That lets ε be fairly large (1e-3), which keeps the
 * rounding error of subtracting two nearly equal losses small: with ε = 1e-5 and the plain
 * central difference, entries whose gradient is only ~1e-7 (they exist, from cancellations
 * across time steps) come out with relative errors near 1e-4 from rounding alone.
 *
 * <p>The analytic gradient from the backward pass is compared by the relative error
 * {@code |a - n| / max(|a|, |n|)} (taken as 0 when both are below 1e-12, e.g. the columns of
 * characters that do not occur in the sequence, whose gradient is exactly zero both ways).
 * A correct backward pass gives errors far below 1e-5; a mistake (a dot product where an outer
 * product belongs, a missing term) gives errors near 1.
 */
public final class GradientCheck {
    private GradientCheck() { }

    public static final double DEFAULT_EPSILON = 1e-3;

    /** The result for one parameter. */
    public record Entry(String param, int rows, int cols, int checked, double maxRelativeError,
                        int worstRow, int worstCol, double worstAnalytic, double worstNumeric) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-4s %3d×%-3d %5d entries  max rel. error %.2e  (at [%d][%d]: analytic %.6e, numeric %.6e)",
                    param, rows, cols, checked, maxRelativeError, worstRow, worstCol, worstAnalytic, worstNumeric);
        }
    }

    /** The results for all parameters. */
    public record Result(List<Entry> entries) {
        public double maxRelativeError() {
            double m = 0;
            for (Entry e : entries) m = Math.max(m, e.maxRelativeError());
            return m;
        }

        public int checked() {
            int n = 0;
            for (Entry e : entries) n += e.checked();
            return n;
        }

        public Map<String, Double> byParam() {
            Map<String, Double> m = new LinkedHashMap<>();
            for (Entry e : entries) m.put(e.param(), e.maxRelativeError());
            return m;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (Entry e : entries) sb.append(e).append('\n');
            return sb.append(String.format(Locale.ROOT, "all %d entries: max relative error %.2e", checked(), maxRelativeError())).toString();
        }
    }

    public static double relativeError(double analytic, double numeric) {
        double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
        return scale < 1e-12 ? 0 : Math.abs(analytic - numeric) / scale;
    }

    /** The analytic gradients of one sequence's loss: a copy of each parameter's gradient. */
    public static List<double[][]> analyticGradients(SequenceModel model, int[] inputs, int[] targets) {
        model.zeroGrad();
        model.accumulateGradients(inputs, targets);
        List<double[][]> grads = new ArrayList<>();
        for (Param p : model.params()) grads.add(Mat.copy(p.grad));
        model.zeroGrad();
        return grads;
    }

    /** The finite-difference gradient of the loss with respect to one parameter. */
    public static double[][] numericGradient(SequenceModel model, Param p, int[] inputs, int[] targets, double eps) {
        double[][] num = new double[p.rows()][p.cols()];
        for (int i = 0; i < p.rows(); i++) {
            for (int j = 0; j < p.cols(); j++) {
                double old = p.value[i][j];
                double plus2 = lossAt(model, p, i, j, old + 2 * eps, inputs, targets);
                double plus1 = lossAt(model, p, i, j, old + eps, inputs, targets);
                double minus1 = lossAt(model, p, i, j, old - eps, inputs, targets);
                double minus2 = lossAt(model, p, i, j, old - 2 * eps, inputs, targets);
                p.value[i][j] = old;
                num[i][j] = (-plus2 + 8 * plus1 - 8 * minus1 + minus2) / (12 * eps);
            }
        }
        return num;
    }

    private static double lossAt(SequenceModel model, Param p, int i, int j, double value, int[] inputs, int[] targets) {
        p.value[i][j] = value;
        return model.loss(inputs, targets);
    }

    /** Compares any candidate gradient for parameter p with finite differences. */
    public static Entry compare(String name, double[][] candidate, double[][] numeric) {
        double worst = -1;
        int wi = 0, wj = 0;
        for (int i = 0; i < candidate.length; i++) {
            for (int j = 0; j < candidate[0].length; j++) {
                double e = relativeError(candidate[i][j], numeric[i][j]);
                if (e > worst) {
                    worst = e;
                    wi = i;
                    wj = j;
                }
            }
        }
        return new Entry(name, candidate.length, candidate[0].length, candidate.length * candidate[0].length,
                worst, wi, wj, candidate[wi][wj], numeric[wi][wj]);
    }

    /** Checks every entry of every parameter of the model on one sequence. */
    public static Result check(SequenceModel model, int[] inputs, int[] targets) {
        return check(model, inputs, targets, DEFAULT_EPSILON);
    }

    public static Result check(SequenceModel model, int[] inputs, int[] targets, double eps) {
        List<double[][]> analytic = analyticGradients(model, inputs, targets);
        List<Entry> entries = new ArrayList<>();
        List<Param> params = model.params();
        for (int k = 0; k < params.size(); k++) {
            Param p = params.get(k);
            entries.add(compare(p.name, analytic.get(k), numericGradient(model, p, inputs, targets, eps)));
        }
        return new Result(entries);
    }
}
