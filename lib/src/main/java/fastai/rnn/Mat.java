package fastai.rnn;

import java.util.Random;
import java.util.Arrays;
import java.util.Locale;

/**
 * The handful of linear-algebra helpers the from-scratch networks need, on plain {@code double[]}
 * vectors and {@code double[][]} matrices (an array of rows). Nothing clever: every method is a
 * loop you can read. The few that run in the inner loop of training are written so that the JIT
 * can vectorize them (a straight loop over one contiguous row).
 *
 * <p>Conventions: a matrix {@code W} with {@code W.length} rows and {@code W[0].length} columns
 * maps a column vector {@code x} (length = columns) to {@code W x} (length = rows).
 */
public final class Mat {
    private Mat() { }

    // ---- making arrays ----

    public static double[] zeros(int n) {
        return new double[n];
    }

    public static double[][] zeros(int rows, int cols) {
        return new double[rows][cols];
    }

    public static double[][] identity(int n, double scale) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) m[i][i] = scale;
        return m;
    }

    /** Entries drawn from a normal distribution with mean 0 and the given standard deviation. */
    public static double[][] randn(int rows, int cols, double std, Random rng) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) row[j] = rng.nextGaussian() * std;
        }
        return m;
    }

    public static double[] copy(double[] v) {
        return v.clone();
    }

    public static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
        return c;
    }

    // ---- products ----

    /** The dot product {@code a · b}. Four partial sums so that the loop pipelines well. */
    public static double dot(double[] a, double[] b) {
        int n = a.length;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[j] * b[j];
            s1 += a[j + 1] * b[j + 1];
            s2 += a[j + 2] * b[j + 2];
            s3 += a[j + 3] * b[j + 3];
        }
        for (; j < n; j++) s0 += a[j] * b[j];
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code W x}: one dot product per row of W. */
    public static double[] matVec(double[][] w, double[] x) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) out[i] = dot(w[i], x);
        return out;
    }

    /** {@code out += W x}. */
    public static void addMatVec(double[] out, double[][] w, double[] x) {
        for (int i = 0; i < w.length; i++) out[i] += dot(w[i], x);
    }

    /** {@code Wᵀ v}: row i of W, scaled by v[i], summed. This is how a gradient flows back through W. */
    public static double[] matTVec(double[][] w, double[] v) {
        double[] out = new double[w[0].length];
        addMatTVec(out, w, v);
        return out;
    }

    /** {@code out += Wᵀ v}. */
    public static void addMatTVec(double[] out, double[][] w, double[] v) {
        for (int i = 0; i < w.length; i++) axpy(v[i], w[i], out);
    }

    /**
     * {@code M += a ⊗ b}, the outer product: {@code M[i][j] += a[i] * b[j]}. The gradient of a
     * weight matrix in {@code y = W x} is the outer product of the gradient at y with x.
     */
    public static void addOuter(double[][] m, double[] a, double[] b) {
        for (int i = 0; i < m.length; i++) {
            if (a[i] != 0) axpy(a[i], b, m[i]);
        }
    }

    /** The outer product {@code a ⊗ b} as a new matrix. */
    public static double[][] outer(double[] a, double[] b) {
        double[][] m = new double[a.length][b.length];
        addOuter(m, a, b);
        return m;
    }

    /** Column j of W as a new vector (what W times the one-hot vector for j gives). */
    public static double[] column(double[][] w, int j) {
        double[] c = new double[w.length];
        for (int i = 0; i < w.length; i++) c[i] = w[i][j];
        return c;
    }

    /** {@code out += Wᵀ} column j: {@code out[i] += W[i][j]}. */
    public static void addColumn(double[] out, double[][] w, int j) {
        for (int i = 0; i < w.length; i++) out[i] += w[i][j];
    }

    /** {@code W[·][j] += v}: adds v to column j (the gradient of a one-hot input's weights). */
    public static void addToColumn(double[][] w, int j, double[] v) {
        for (int i = 0; i < w.length; i++) w[i][j] += v[i];
    }

    // ---- element-wise ----

    /** {@code y += a * x}. */
    public static void axpy(double a, double[] x, double[] y) {
        for (int j = 0; j < x.length; j++) y[j] += a * x[j];
    }

    public static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] + b[i];
        return out;
    }

    public static void addInPlace(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) a[i] += b[i];
    }

    public static double[] sub(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] - b[i];
        return out;
    }

    /** Element-wise (Hadamard) product. */
    public static double[] mul(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] * b[i];
        return out;
    }

    public static double[] scale(double s, double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = s * a[i];
        return out;
    }

    public static double[][] scale(double s, double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) out[i] = scale(s, m[i]);
        return out;
    }

    public static void scaleInPlace(double[][] m, double s) {
        for (double[] row : m) {
            for (int j = 0; j < row.length; j++) row[j] *= s;
        }
    }

    public static void fill(double[][] m, double value) {
        for (double[] row : m) Arrays.fill(row, value);
    }

    public static double sumOfSquares(double[][] m) {
        double s = 0;
        for (double[] row : m) s += dot(row, row);
        return s;
    }

    public static double maxAbs(double[][] m) {
        double max = 0;
        for (double[] row : m) {
            for (double v : row) max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    public static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    /** The matrix with rows and columns swapped. */
    public static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) t[j][i] = m[i][j];
        }
        return t;
    }

    /** A short printable form: the first {@code n} entries, rounded. */
    public static String preview(double[] v, int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(n, v.length); i++) {
            if (i > 0) sb.append(", ");
            sb.append(String.format(Locale.ROOT, "%.3f", v[i]));
        }
        if (v.length > n) sb.append(", … (").append(v.length).append(" in all)");
        return sb.append(']').toString();
    }
}
