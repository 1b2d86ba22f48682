package fastai.arch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;

/**
 * Pseudo-labelling: a model's own confident predictions on unlabelled images, used as labels for
 * more training. Only predictions at or above a probability threshold are kept, and at most
 * {@code maxPerClass} per predicted class (the most confident ones), so that one class the model
 * favours cannot flood the extra data.
 */
public final class PseudoLabels {
    private PseudoLabels() { }

    /** The chosen rows of the unlabelled set (ascending), the class predicted for each and its probability. */
    public record Selection(int[] rows, int[] classes, double[] confidence, int numClasses) {
        public int size() { return rows.length; }

        /** The pseudo-labels as one-hot rows [size, numClasses]. */
        public INDArray oneHot() {
            INDArray y = Nd4j.zeros(DataType.FLOAT, rows.length, numClasses);
            for (int i = 0; i < rows.length; i++) y.putScalar(i, classes[i], 1f);
            return y;
        }

        /** The selected rows of {@code x} (any rank, rows first), copied. */
        public INDArray rowsOf(INDArray x) {
            if (rows.length == 0) throw new IllegalStateException("no row was selected");
            INDArrayIndex[] idx = new INDArrayIndex[x.rank()];
            idx[0] = new SpecifiedIndex(Arrays.stream(rows).asLongStream().toArray());
            for (int d = 1; d < idx.length; d++) idx[d] = NDArrayIndex.all();
            return x.get(idx).dup();
        }

        /** How many rows were chosen for each class. */
        public int[] perClass() {
            int[] n = new int[numClasses];
            for (int c : classes) n[c]++;
            return n;
        }

        @Override public String toString() {
            return String.format(Locale.ROOT, "%d pseudo-labels, per class %s", rows.length, Arrays.toString(perClass()));
        }
    }

    /**
     * Rows of {@code probs} [N, K] (each a probability distribution) whose largest probability is at
     * least {@code threshold}, at most {@code maxPerClass} per predicted class, the most confident first
     * (ties: the lower row). Returned in row order.
     */
    public static Selection select(INDArray probs, double threshold, int maxPerClass) {
        if (probs.rank() != 2 || probs.size(1) < 2) {
            throw new IllegalArgumentException("probs must be [N, K] with K >= 2 classes, got " + Arrays.toString(probs.shape()));
        }
        if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        if (maxPerClass < 1) throw new IllegalArgumentException("maxPerClass must be >= 1, got " + maxPerClass);
        int n = (int) probs.size(0), k = (int) probs.size(1);
        double[][] p = probs.castTo(DataType.DOUBLE).toDoubleMatrix();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < k; c++) byClass.add(new ArrayList<>());
        int[] best = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 1; c < k; c++) if (p[i][c] > p[i][best[i]]) best[i] = c;
            if (p[i][best[i]] >= threshold) byClass.get(best[i]).add(i);
        }
        List<Integer> chosen = new ArrayList<>();
        for (List<Integer> rows : byClass) {
            rows.sort(Comparator.<Integer>comparingDouble(i -> -p[i][best[i]]).thenComparingInt(i -> i));
            chosen.addAll(rows.subList(0, Math.min(maxPerClass, rows.size())));
        }
        chosen.sort(null);
        int[] r = chosen.stream().mapToInt(Integer::intValue).toArray();
        int[] cls = new int[r.length];
        double[] conf = new double[r.length];
        for (int j = 0; j < r.length; j++) { cls[j] = best[r[j]]; conf[j] = p[r[j]][best[r[j]]]; }
        return new Selection(r, cls, conf, k);
    }
}
