package fastai.lesson2;

import java.util.Random;
import java.util.Locale;

/**
 * A straight line {@code y = a·x + b} fitted by gradient descent, with the loss and its
 * derivatives written out by hand — no autodiff, no library.
 *
 * <p>Loss: mean squared error {@code L = (1/n) Σ (a·xᵢ + b − yᵢ)²}. Its derivatives:
 * {@code ∂L/∂a = (1/n) Σ 2(a·xᵢ + b − yᵢ)·xᵢ} and {@code ∂L/∂b = (1/n) Σ 2(a·xᵢ + b − yᵢ)}.
 * One step moves each parameter against its derivative: {@code a ← a − lr·∂L/∂a},
 * {@code b ← b − lr·∂L/∂b}. Every step uses all n points (full-batch gradient descent, as in the
 * course's demo).
 *
 * <p>{@link #courseSetup(long)} makes the lesson's problem: true line a = 3, b = 8; n = 30 values
 * of x drawn uniformly from [0, 1); start from a = −1, b = 1; learning rate 0.01.
 */
public final class LinearSgd {
    public static final double TRUE_A = 3, TRUE_B = 8;
    public static final double START_A = -1, START_B = 1;
    public static final double COURSE_LR = 0.01;
    public static final int COURSE_N = 30;

    private final double[] x;
    private final double[] y;
    private final double lr;
    private double a;
    private double b;
    private long steps;

    /** Data (x, y), the starting guess (a, b) and the learning rate. */
    public LinearSgd(double[] x, double[] y, double a, double b, double lr) {
        if (x == null || y == null) throw new IllegalArgumentException("x and y must not be null");
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " values but y has " + y.length + "; they must match");
        }
        if (x.length == 0) throw new IllegalArgumentException("x is empty");
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("lr = " + lr + " must be a positive number");
        this.x = x.clone();
        this.y = y.clone();
        this.a = a;
        this.b = b;
        this.lr = lr;
    }

    /** The course's problem with x drawn from {@code new Random(seed)}. */
    public static LinearSgd courseSetup(long seed) {
        double[] x = randomX(COURSE_N, seed);
        return new LinearSgd(x, line(TRUE_A, TRUE_B, x), START_A, START_B, COURSE_LR);
    }

    /** {@code n} values uniform in [0, 1) from {@code new Random(seed)}. */
    public static double[] randomX(int n, long seed) {
        if (n <= 0) throw new IllegalArgumentException("n = " + n + " must be positive");
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = r.nextDouble();
        return x;
    }

    /** {@code a·x + b} for every x. */
    public static double[] line(double a, double b, double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = a * x[i] + b;
        return out;
    }

    /** Mean squared error of the line (a, b) on (x, y). */
    public static double loss(double a, double b, double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double e = a * x[i] + b - y[i];
            s += e * e;
        }
        return s / x.length;
    }

    /** {@code {∂L/∂a, ∂L/∂b}} at (a, b), from the formulas above. */
    public static double[] gradient(double a, double b, double[] x, double[] y) {
        double ga = 0, gb = 0;
        for (int i = 0; i < x.length; i++) {
            double twiceErr = 2 * (a * x[i] + b - y[i]);
            ga += twiceErr * x[i];
            gb += twiceErr;
        }
        return new double[] {ga / x.length, gb / x.length};
    }

    /** The same derivatives estimated by central differences with step {@code h} (to check the formulas). */
    public static double[] numericalGradient(double a, double b, double[] x, double[] y, double h) {
        double ga = (loss(a + h, b, x, y) - loss(a - h, b, x, y)) / (2 * h);
        double gb = (loss(a, b + h, x, y) - loss(a, b - h, x, y)) / (2 * h);
        return new double[] {ga, gb};
    }

    /** One update of a and b; returns this. */
    public LinearSgd step() {
        double[] g = gradient(a, b, x, y);
        a -= lr * g[0];
        b -= lr * g[1];
        steps++;
        return this;
    }

    /** {@code k} updates; returns this. */
    public LinearSgd steps(int k) {
        if (k < 0) throw new IllegalArgumentException("k = " + k + " must not be negative");
        for (int i = 0; i < k; i++) step();
        return this;
    }

    /** An independent copy in the same state (to try something without moving this one). */
    public LinearSgd copy() {
        LinearSgd c = new LinearSgd(x, y, a, b, lr);
        c.steps = steps;
        return c;
    }

    public double a() { return a; }
    public double b() { return b; }
    public double lr() { return lr; }
    /** How many updates have been made. */
    public long stepCount() { return steps; }
    public double[] x() { return x.clone(); }
    public double[] y() { return y.clone(); }
    public int n() { return x.length; }
    /** The loss at the current (a, b). */
    public double loss() { return loss(a, b, x, y); }
    /** The gradient at the current (a, b). */
    public double[] gradient() { return gradient(a, b, x, y); }
    /** The current line's predictions. */
    public double[] predict() { return line(a, b, x); }

    @Override public String toString() {
        return String.format(Locale.ROOT, "LinearSgd after %d steps: a = %.4f, b = %.4f, loss (MSE) = %.6f", steps, a, b, loss());
    }
}
