package fastai.collab;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.util.Arrays;

/**
 * Principal component analysis of the rows of a matrix (e.g. the movie factor table): centre the
 * columns, take the singular value decomposition X = U·S·Vᵀ, the components are the first rows of
 * Vᵀ and each row's coordinates (scores) are X·V. Each component's sign is chosen so that its
 * largest entry (by absolute value) is positive, which makes results reproducible.
 *
 * @param components  k × d, one unit vector per row, by decreasing variance
 * @param scores      n × k, the rows of the centred matrix projected on the components
 * @param variance    the variance along each component (S² / (n - 1))
 * @param explained   each component's share of the total variance
 */
public record Pca(INDArray components, INDArray scores, double[] variance, double[] explained) {

    /** The first {@code k} principal components of the rows of {@code x} (n × d, n ≥ 2). */
    public static Pca of(INDArray x, int k) {
        if (x.rank() != 2 || x.rows() < 2) throw new IllegalArgumentException("PCA needs an n × d matrix with n ≥ 2, got shape " + Arrays.toString(x.shape()));
        int n = x.rows(), d = x.columns();
        if (k < 1 || k > Math.min(n, d)) throw new IllegalArgumentException("k = " + k + " components asked of a " + n + " × " + d + " matrix");
        double[][] a = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] mean = new double[d];
        for (double[] row : a) for (int j = 0; j < d; j++) mean[j] += row[j] / n;
        for (double[] row : a) for (int j = 0; j < d; j++) row[j] -= mean[j];
        RealMatrix centred = new Array2DRowRealMatrix(a, false);
        SingularValueDecomposition svd = new SingularValueDecomposition(centred);
        double[] s = svd.getSingularValues();
        RealMatrix v = svd.getV();
        double total = 0;
        for (double si : s) total += si * si;
        double[][] comp = new double[k][d];
        double[] var = new double[k], expl = new double[k];
        for (int c = 0; c < k; c++) {
            int argMax = 0;
            for (int j = 0; j < d; j++) if (Math.abs(v.getEntry(j, c)) > Math.abs(v.getEntry(argMax, c))) argMax = j;
            double sign = Math.signum(v.getEntry(argMax, c)) < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) comp[c][j] = sign * v.getEntry(j, c);
            var[c] = s[c] * s[c] / (n - 1);
            expl[c] = total == 0 ? 0 : s[c] * s[c] / total;
        }
        RealMatrix scores = centred.multiply(new Array2DRowRealMatrix(comp, false).transpose());
        return new Pca(Nd4j.create(comp), Nd4j.create(scores.getData()), var, expl);
    }

    /** The row indices of the {@code m} lowest (or highest) scores on component {@code c}. */
    public int[] ends(int c, int m, boolean highest) {
        double[] col = scores.getColumn(c).toDoubleVector();
        Integer[] order = new Integer[col.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (p, q) -> highest ? Double.compare(col[q], col[p]) : Double.compare(col[p], col[q]));
        int[] out = new int[Math.min(m, col.length)];
        for (int i = 0; i < out.length; i++) out[i] = order[i];
        return out;
    }
}
